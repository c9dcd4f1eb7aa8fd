-- auth-service schema, version 1.

create table projects (
    id          uuid primary key,
    name        varchar(100) not null,
    owner_id    varchar(255) not null,          -- Keycloak user id (sub)
    created_at  timestamptz  not null
);

create table memberships (
    project_id  uuid         not null references projects (id) on delete cascade,
    user_id     varchar(255) not null,          -- Keycloak user id (sub)
    role        varchar(16)  not null check (role in ('owner', 'admin', 'developer', 'viewer')),
    created_at  timestamptz  not null,
    primary key (project_id, user_id)
);
create index memberships_by_user on memberships (user_id);

-- API keys are stored only as the SHA-256 (hex) of the full key; prefix/suffix are the non-secret parts
-- shown in lists. permissions and environments are comma-separated names (names cannot hold commas).
create table api_keys (
    id            varchar(40)  primary key,     -- key_ + random base62
    project_id    uuid         not null references projects (id) on delete cascade,
    name          varchar(100) not null,
    key_hash      char(64)     not null unique,
    prefix        varchar(16)  not null,
    suffix        varchar(8)   not null,
    permissions   varchar(32)  not null,        -- subset of read,write
    environments  text         not null,        -- names or *
    created_by    varchar(255) not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
create index api_keys_by_project on api_keys (project_id, created_at desc);

-- RSA keys that sign internal JWTs. The private key (PKCS#8) is sealed with AES-256-GCM under the KEK:
-- nonce || ciphertext || tag, with the kid as associated data.
create table signing_keys (
    kid                 varchar(64) primary key,
    private_key_sealed  bytea       not null,
    public_key          bytea       not null,   -- X.509 SubjectPublicKeyInfo (DER)
    created_at          timestamptz not null,
    active              boolean     not null,
    retired_at          timestamptz,
    check (active or retired_at is not null)
);
-- At most one active key, whatever replicas race at first start.
create unique index signing_keys_one_active on signing_keys (active) where active;

-- Transactional outbox for audit events: written with the change, relayed to Kafka, then marked sent.
create table outbox (
    id          bigint generated always as identity primary key,
    event_id    uuid         not null unique,
    topic       varchar(255) not null,
    record_key  varchar(255),
    payload     text         not null,
    created_at  timestamptz  not null,
    sent_at     timestamptz
);
create index outbox_unsent on outbox (id) where sent_at is null;
