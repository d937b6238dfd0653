-- Files staff upload to a conversation. A row exists from upload on; message_id is set when the file
-- is sent with a message, and rows that never get one are cleaned up later. Objects live in S3 under
-- object_key (and thumbnail_key for images).
create table attachment (
    id              uuid        primary key,
    hotel           text        not null,
    conversation_id bigint      not null,
    uploader_id     bigint      not null,
    message_id      bigint,
    file_name       text        not null,
    content_type    text        not null,
    size_bytes      bigint      not null check (size_bytes >= 0),
    object_key      text        not null unique,
    thumbnail_key   text,
    created_at      timestamptz not null default now(),
    deleted_at      timestamptz
);

create index attachment_hotel_conversation_idx on attachment (hotel, conversation_id);

-- Idempotent consumers: the id of every event already applied, written in the same transaction as
-- its effect, so a redelivered event is recognised and skipped.
create table processed_events (
    event_id     uuid        primary key,
    processed_at timestamptz not null default now()
);
