-- Additive only: older builds keep running against this schema (they ignore the new columns and tables).

-- Protected environments: writes need the admin permission besides write.
ALTER TABLE environments ADD COLUMN protected boolean NOT NULL DEFAULT false;

-- A per-variable note: not secret, shown in name lists and kept with each version.
ALTER TABLE variables ADD COLUMN note varchar(1024);

-- Who made each version, with which credential, in which request, how; and when a version stopped being current
-- because the variable was deleted (the history is kept, a re-created name continues its numbering).
ALTER TABLE variable_versions
    ADD COLUMN note          varchar(1024),
    ADD COLUMN change        varchar(16),
    ADD COLUMN credential_id varchar(256),
    ADD COLUMN request_id    varchar(128),
    ADD COLUMN restored_from bigint,
    ADD COLUMN deleted_at    timestamptz,
    ADD COLUMN deleted_by    varchar(256);

-- The list of a project's variable histories is read by (project, environment, name): the unique key covers it.

-- KEK rotations: one row per rotation run, so progress survives restarts and an interrupted run resumes.
CREATE TABLE kek_rotations (
    id          bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target_kek  varchar(128) NOT NULL,
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz,
    rewrapped   bigint       NOT NULL DEFAULT 0
);

-- Projects whose data key was destroyed (crypto-shredding on project.deleted): a later request for the project
-- is refused instead of provisioning a fresh key.
CREATE TABLE shredded_projects (
    project_id  uuid        PRIMARY KEY,
    shredded_at timestamptz NOT NULL,
    event_id    varchar(128)
);
