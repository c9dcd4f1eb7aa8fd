-- auth-service schema, version 2: users, invitations, CLI tokens, device authorisations, and the API key
-- lifecycle (CIDRs, rotation, last client IP). Additive only: version 1 builds still run against it.
-- Idempotent (if not exists), so it can run again on a database where the test profile's own history table
-- (see application.properties) already applied it.

-- A Keycloak user, recorded on their first authenticated call (the exchange of their token).
create table if not exists users (
    id              varchar(255) primary key,    -- Keycloak user id (sub)
    email           varchar(320),                -- lower case
    email_verified  boolean      not null default false,
    name            varchar(255),
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null
);
create index if not exists users_by_email on users (email);

-- An invitation for an email not yet seen (or not yet verified): becomes a membership at that person's
-- first call with a verified email.
create table if not exists invitations (
    project_id  uuid         not null references projects (id) on delete cascade,
    email       varchar(320) not null,           -- lower case
    role        varchar(16)  not null check (role in ('owner', 'admin', 'developer', 'viewer')),
    invited_by  varchar(255) not null,
    created_at  timestamptz  not null,
    primary key (project_id, email)
);
create index if not exists invitations_by_email on invitations (email);

alter table api_keys add column if not exists allowed_cidrs text;                 -- comma-separated CIDRs, null = any address
alter table api_keys add column if not exists last_client_ip varchar(64);
alter table api_keys add column if not exists rotated_to varchar(40);             -- the key that replaced this one
alter table api_keys add column if not exists rotated_out_at timestamptz;         -- end of the rotation grace period
alter table api_keys add column if not exists end_published_at timestamptz;       -- credential event sent for expiry / rotation end
create index if not exists api_keys_pending_end on api_keys (coalesce(rotated_out_at, expires_at))
    where end_published_at is null and revoked_at is null and (rotated_out_at is not null or expires_at is not null);
create index if not exists api_keys_by_creator on api_keys (project_id, created_by);

-- CLI tokens (menv_ct_...): stored as the SHA-256 of the full string, like API keys. They belong to a user;
-- their access is the user's membership at each exchange.
create table if not exists cli_tokens (
    id              varchar(40)  primary key,    -- ct_ + random base62
    user_id         varchar(255) not null,
    token_hash      char(64)     not null unique,
    prefix          varchar(16)  not null,
    suffix          varchar(8)   not null,
    client_name     varchar(100),
    created_ip      varchar(64),
    created_at      timestamptz  not null,
    expires_at      timestamptz  not null,
    revoked_at      timestamptz,
    last_used_at    timestamptz,
    last_client_ip  varchar(64)
);
create index if not exists cli_tokens_by_user on cli_tokens (user_id, created_at desc);

-- RFC 8628 device authorisations. The device code is stored only as its SHA-256; the user code is short
-- and shown to people, so it is stored as is (normalised: 8 letters, no dash).
create table if not exists device_authorizations (
    device_code_hash   char(64)     primary key,
    user_code          char(8)      not null unique,
    client_name        varchar(100),
    client_ip          varchar(64),
    user_agent         varchar(256),
    token_lifetime_s   bigint       not null,
    created_at         timestamptz  not null,
    expires_at         timestamptz  not null,
    interval_s         integer      not null,
    last_polled_at     timestamptz,
    status             varchar(16)  not null check (status in ('pending', 'approved', 'denied', 'consumed')),
    user_id            varchar(255),
    decided_at         timestamptz,
    cli_token_id       varchar(40)
);
