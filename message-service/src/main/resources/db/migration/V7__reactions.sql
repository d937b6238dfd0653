-- Emoji reactions: one person, one emoji, once per message. The emoji is stored in its one
-- canonical form (fully qualified, checked by the service with ICU4J), so the primary key is what
-- makes a second identical reaction impossible. id orders reactions in the order people reacted
-- (the first few who reacted with each emoji, and the order of the emoji on the message).
create table reaction (
    id         bigint      generated always as identity,
    message_id bigint      not null references message (id) on delete cascade,
    hotel      text        not null,
    staff_id   bigint      not null,
    emoji      text        not null check (length(emoji) between 1 and 64),
    created_at timestamptz not null default now(),
    primary key (message_id, staff_id, emoji)
);

-- A page of messages loads its reactions in one query: message_id = any(:ids), in reacting order.
create index reaction_by_message on reaction (message_id, id);
