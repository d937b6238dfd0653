-- Issue 16: edit history, soft and hard delete.

-- Every earlier text of an edited message with the time it was written (sent or last edited).
-- The current text stays in message.body; an edit moves the text it replaces here. A soft delete
-- erases these rows; a hard delete removes them with the message (cascade).
create table message_version (
    message_id bigint      not null references message (id) on delete cascade,
    hotel      text        not null,
    version    int         not null,
    body       text        not null,
    written_at timestamptz not null,
    primary key (message_id, version)
);

-- Who soft-deleted a message (the sender, or a manager or admin of the hotel).
alter table message add column deleted_by bigint;

-- What is left of a hard-deleted message: no text, no history, no reply link, only its place.
-- Listings merge these stubs with the messages by seq, so a conversation's seqs stay gap-free.
create table message_tombstone (
    conversation_id bigint      not null references conversation (id) on delete cascade,
    seq             bigint      not null,
    hotel           text        not null,
    id              bigint      not null unique,
    sender_id       bigint      not null,
    created_at      timestamptz not null,
    deleted_at      timestamptz not null,
    deleted_by      bigint      not null,
    primary key (conversation_id, seq)
);
