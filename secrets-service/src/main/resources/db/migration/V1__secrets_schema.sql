-- secrets-service schema. Values are stored only as AES-256-GCM ciphertext under the project's data key (DEK);
-- the DEK is stored only wrapped by the key-encryption key (KEK).

-- One data key per project, wrapped by the KEK named in kek_id (so a KEK rotation can find and re-wrap it).
CREATE TABLE project_keys (
    project_id  uuid         PRIMARY KEY,
    wrapped_dek bytea        NOT NULL,
    kek_id      varchar(128) NOT NULL,
    created_at  timestamptz  NOT NULL
);

CREATE TABLE environments (
    id         uuid        PRIMARY KEY,
    project_id uuid        NOT NULL REFERENCES project_keys (project_id) ON DELETE CASCADE,
    name       varchar(64) NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    created_at timestamptz NOT NULL,
    CONSTRAINT environments_project_name_key UNIQUE (project_id, name)
);

-- The current version of each variable. The ciphertext's associated data is (project, environment, name, version),
-- so a ciphertext copied to another row or version does not decrypt.
CREATE TABLE variables (
    id          uuid         PRIMARY KEY,
    project_id  uuid         NOT NULL,
    environment varchar(64)  NOT NULL,
    name        varchar(256) NOT NULL CHECK (name ~ '^[A-Z_][A-Z0-9_]*$'),
    version     bigint       NOT NULL CHECK (version > 0),
    ciphertext  bytea        NOT NULL,
    nonce       bytea        NOT NULL CHECK (octet_length(nonce) = 12),
    updated_at  timestamptz  NOT NULL,
    updated_by  varchar(256) NOT NULL,
    CONSTRAINT variables_project_environment_name_key UNIQUE (project_id, environment, name),
    CONSTRAINT variables_environment_fkey FOREIGN KEY (project_id, environment)
        REFERENCES environments (project_id, name) ON DELETE CASCADE
);

-- Every version ever written, kept after an update or a delete (versions list and rollback read it).
-- A re-created variable continues numbering after the highest version here.
CREATE TABLE variable_versions (
    id          uuid         PRIMARY KEY,
    project_id  uuid         NOT NULL,
    environment varchar(64)  NOT NULL,
    name        varchar(256) NOT NULL,
    version     bigint       NOT NULL CHECK (version > 0),
    ciphertext  bytea        NOT NULL,
    nonce       bytea        NOT NULL CHECK (octet_length(nonce) = 12),
    created_at  timestamptz  NOT NULL,
    created_by  varchar(256) NOT NULL,
    CONSTRAINT variable_versions_coordinates_key UNIQUE (project_id, environment, name, version),
    CONSTRAINT variable_versions_environment_fkey FOREIGN KEY (project_id, environment)
        REFERENCES environments (project_id, name) ON DELETE CASCADE
);

-- Transactional outbox: audit events of state changes, written in the same transaction as the change and
-- relayed to Kafka (topic microenv.audit.v1, record key = event_key) in id order. The event is kept as the exact
-- JSON text the audit-event codec produced, so the bytes published are the bytes written.
CREATE TABLE outbox (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    event      text        NOT NULL,
    event_key  varchar(64) NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);

CREATE INDEX outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL;
