-- The audit store: append-only, one SHA-256 hash chain per project.
-- Run by Flyway as the database owner (microenv_audit); the service itself connects as ${app_role},
-- which may only read and append.

CREATE TABLE audit_events (
    seq          bigserial   PRIMARY KEY,
    project_id   text        NOT NULL,
    event_id     text        NOT NULL,
    type         text        NOT NULL,
    time         timestamptz NOT NULL,
    actor        text,
    environment  text,
    action       text,
    outcome      text,
    event        text        NOT NULL,
    prev_hash    bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash         bytea       NOT NULL CHECK (octet_length(hash) = 32),
    received_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_events_event_id_key UNIQUE (event_id),
    -- Two rows of one project linking to the same predecessor would be a fork: refuse it even if the
    -- per-project lock were ever bypassed.
    CONSTRAINT audit_events_chain_link_key UNIQUE (project_id, prev_hash)
);

COMMENT ON TABLE audit_events IS
    'Audit events (CloudEvents JSON in event, byte-exact). hash = SHA-256(prev_hash || UTF-8 of event); '
    'a project''s first event has prev_hash = 32 zero bytes. Append-only.';
COMMENT ON COLUMN audit_events.project_id IS
    'data.projectId of the event; the empty string for platform events that name no project (their own chain).';

CREATE INDEX audit_events_project_seq_idx ON audit_events (project_id, seq);
CREATE INDEX audit_events_project_time_idx ON audit_events (project_id, time);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

REVOKE ALL ON audit_events FROM PUBLIC;
GRANT SELECT, INSERT ON audit_events TO ${app_role};
GRANT USAGE ON SEQUENCE audit_events_seq_seq TO ${app_role};
