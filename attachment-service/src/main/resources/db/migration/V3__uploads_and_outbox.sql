-- Uploads (issue 19). Every stored file has the SHA-256 of its bytes, computed while it streamed to S3.
-- No upload endpoint existed before this migration, so the table is empty and the column can be required.
alter table attachment add column sha256 text not null default '';
alter table attachment alter column sha256 drop default;

-- Reads go by id within a hotel; deleted rows answer 404 and are skipped by every query.
create index attachment_live_idx on attachment (hotel, id) where deleted_at is null;

-- The transactional outbox: attachment events written in the same transaction as the row they describe,
-- published to Kafka by the relay (outbox package) and marked sent; pruned after staffchat.outbox.retention.
create table outbox (
    id          bigserial   primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    record_key  text        not null,
    event_type  text        not null,
    tenant      text        not null,
    payload     text        not null,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz
);

create index outbox_unsent_idx on outbox (id) where sent_at is null;
create index outbox_sent_at_idx on outbox (sent_at) where sent_at is not null;
