-- Signed checkpoints (sequence, head hash, time) per project, the checkpoint job's progress, and the one
-- sanctioned way to remove expired events (the retention job). Additive: older builds keep working.

CREATE TABLE audit_checkpoints (
    id           bigserial   PRIMARY KEY,
    project_id   text        NOT NULL,
    seq          bigint      NOT NULL,
    events       bigint      NOT NULL CHECK (events >= 0),
    head_hash    bytea       NOT NULL CHECK (octet_length(head_hash) = 32),
    time         text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('periodic', 'retention')),
    key_id       text        NOT NULL,
    algorithm    text        NOT NULL,
    signature    bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE audit_checkpoints IS
    'Signed statements "project P''s chain had <events> events and head <head_hash> at store seq <seq>" '
    '(docs/audit-events.md, Checkpoints). time is kept as the exact text that was signed. Append-only.';

CREATE INDEX audit_checkpoints_project_seq_idx ON audit_checkpoints (project_id, seq);

-- Progress of the checkpoint job: every audit_events row with seq <= scanned_up_to has been looked at.
CREATE TABLE audit_checkpoint_runs (
    id             bigserial   PRIMARY KEY,
    scanned_up_to  bigint      NOT NULL,
    checkpoints    integer     NOT NULL,
    finished_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER audit_checkpoints_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate
    BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_checkpoint_runs_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_checkpoint_runs
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_checkpoint_runs_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint_runs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

REVOKE ALL ON audit_checkpoints, audit_checkpoint_runs FROM PUBLIC;
GRANT SELECT, INSERT ON audit_checkpoints, audit_checkpoint_runs TO ${app_role};
GRANT USAGE ON SEQUENCE audit_checkpoints_id_seq, audit_checkpoint_runs_id_seq TO ${app_role};

-- Retention. The append-only trigger lets a DELETE through only inside audit_apply_retention(), which runs
-- with the owner's rights, removes only rows of one project up to a seq, and only when a retention checkpoint
-- for exactly that row (same seq and head hash) is already stored: what remains still verifies from it.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events'
            AND current_setting('microenv.audit_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION audit_apply_retention(p_project text, p_up_to_seq bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    anchor bytea;
    removed bigint;
BEGIN
    SELECT hash INTO anchor FROM audit_events WHERE project_id = p_project AND seq = p_up_to_seq;
    IF anchor IS NULL THEN
        RAISE EXCEPTION 'no event of that project at seq %', p_up_to_seq USING ERRCODE = 'no_data_found';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE project_id = p_project AND seq = p_up_to_seq
                   AND kind = 'retention' AND head_hash = anchor) THEN
        RAISE EXCEPTION 'no retention checkpoint anchors seq %', p_up_to_seq USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('microenv.audit_retention', 'on', true);
    DELETE FROM audit_events WHERE project_id = p_project AND seq <= p_up_to_seq;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('microenv.audit_retention', 'off', true);
    RETURN removed;
END;
$$;

REVOKE ALL ON FUNCTION audit_apply_retention(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_apply_retention(text, bigint) TO ${app_role};

-- The checkpoint job looks for projects with activity since its last run by arrival time.
CREATE INDEX audit_events_received_at_idx ON audit_events (received_at);
