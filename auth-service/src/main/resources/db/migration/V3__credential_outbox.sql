-- auth-service schema, version 3: credential events get their own outbox table. Builds before it relay every
-- row of `outbox` to the audit topic, so credential events written there by newer builds could be published
-- by an older replica to the wrong topic; in their own table only builds that know them relay them.
-- Idempotent, like V2 (see application.properties on the test profile's history table).
create table if not exists credential_outbox (
    id          bigint generated always as identity primary key,
    event_id    uuid         not null unique,
    topic       varchar(255) not null,
    record_key  varchar(255),
    payload     text         not null,
    created_at  timestamptz  not null,
    sent_at     timestamptz
);
create index if not exists credential_outbox_unsent on credential_outbox (id) where sent_at is null;
