-- auth-service schema, version 5: OIDC trusts and the workload tokens (menv_wt_...) a pipeline or pod gets by
-- presenting its identity provider's JWT (docs/contracts.md, "Workload tokens and OIDC trusts"). Additive and
-- idempotent like V2-V4.

-- A project's trust in an outside OIDC issuer. claims is a JSON object of claim name -> rule (exact value or a
-- glob with *). A deleted trust keeps its row (deleted_at), so logins against it are refused as "trust_deleted"
-- and audited in its project.
create table if not exists oidc_trusts (
    id                 varchar(40)   primary key,       -- trust_ + random base62
    project_id         uuid          not null references projects (id) on delete cascade,
    name               varchar(100)  not null,
    preset             varchar(32),                     -- github-actions, gitlab-ci, kubernetes, or null
    issuer             varchar(2048) not null,
    audience           varchar(512)  not null,
    claims             text          not null,          -- JSON object
    permissions        varchar(32)   not null,          -- subset of read,write,admin
    environments       text          not null,          -- names or *
    token_lifetime_s   integer       not null,
    created_by         varchar(255)  not null,
    created_at         timestamptz   not null,
    updated_at         timestamptz   not null,
    deleted_at         timestamptz
);
create index if not exists oidc_trusts_by_project on oidc_trusts (project_id, created_at desc);

-- Workload tokens: stored only as the SHA-256 of the full string; expire by themselves.
create table if not exists workload_tokens (
    id             varchar(40)   primary key,           -- wt_ + random base62
    trust_id       varchar(40)   not null references oidc_trusts (id) on delete cascade,
    project_id     uuid          not null references projects (id) on delete cascade,
    token_hash     char(64)      not null unique,
    prefix         varchar(16)   not null,
    suffix         varchar(8)    not null,
    permissions    varchar(32)   not null,
    environments   text          not null,
    subject        varchar(512),                        -- the outside token's sub, for display and audit
    created_ip     varchar(64),
    created_at     timestamptz   not null,
    expires_at     timestamptz   not null,
    revoked_at     timestamptz
);
create index if not exists workload_tokens_live_by_trust on workload_tokens (trust_id) where revoked_at is null;

-- Recent refusals of logins against a trust, with the rule that failed (never the token).
create table if not exists oidc_refusals (
    id          bigint generated always as identity primary key,
    trust_id    varchar(40)   not null references oidc_trusts (id) on delete cascade,
    at          timestamptz   not null,
    reason      varchar(64)   not null,
    detail      varchar(1024) not null,
    client_ip   varchar(64),
    request_id  varchar(128)
);
create index if not exists oidc_refusals_by_trust on oidc_refusals (trust_id, at desc);

-- Outside token ids (jti) already used for a login, kept until the token could no longer be accepted anyway.
create table if not exists oidc_seen_jti (
    issuer      varchar(2048) not null,
    jti         varchar(512)  not null,
    expires_at  timestamptz   not null,
    primary key (issuer, jti)
);
create index if not exists oidc_seen_jti_expiry on oidc_seen_jti (expires_at);
