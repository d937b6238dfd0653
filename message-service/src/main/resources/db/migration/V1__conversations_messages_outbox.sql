-- Ids of conversations and messages: 64-bit columns, increasing with time: milliseconds since
-- 2024-01-01 shifted left 12 bits, plus a sequence modulo 4096. Generated here so every instance
-- agrees. They stay below 2^53 until 2093, so JavaScript clients can hold them as numbers.
create sequence id_seq;

create function next_id() returns bigint language sql volatile as $$
    select ((floor(extract(epoch from clock_timestamp()) * 1000)::bigint - 1704067200000) << 12)
           | (nextval('id_seq') % 4096)
$$;

-- The hotel's staff directory; participants must be active staff of the same hotel.
create table staff (
    hotel         text        not null,
    id            bigint      not null,
    display_name  text        not null,
    department    text,
    title         text,
    active        boolean     not null default true,
    updated_at    timestamptz not null default now(),
    primary key (hotel, id)
);

create table conversation (
    id              bigint      primary key default next_id(),
    hotel           text        not null,
    kind            text        not null check (kind in ('DIRECT', 'GROUP')),
    title           text,
    description     text,
    avatar_url      text,
    -- 'small:large' staff ids of a direct conversation, so there is one per pair
    direct_key      text,
    created_by      bigint      not null,
    created_at      timestamptz not null default now(),
    -- the seq of the newest message; the next send takes last_seq + 1 under this row's lock
    last_seq        bigint      not null default 0,
    last_message_at timestamptz,
    unique (hotel, direct_key)
);

create table participant (
    conversation_id      bigint      not null references conversation (id) on delete cascade,
    hotel                text        not null,
    staff_id             bigint      not null,
    role                 text        not null default 'MEMBER' check (role in ('ADMIN', 'MEMBER')),
    joined_at            timestamptz not null default now(),
    last_read_message_id bigint      not null default 0,
    last_read_seq        bigint      not null default 0,
    archived_at          timestamptz,
    muted_until          timestamptz,
    primary key (conversation_id, staff_id)
);

create index participant_by_staff on participant (hotel, staff_id);

create table message (
    id              bigint      primary key default next_id(),
    conversation_id bigint      not null references conversation (id) on delete cascade,
    hotel           text        not null,
    seq             bigint      not null,
    sender_id       bigint      not null,
    body            text        not null,
    reply_to_id     bigint,
    client_id       text,
    created_at      timestamptz not null default now(),
    edited_at       timestamptz,
    deleted_at      timestamptz,
    unique (conversation_id, seq)
);

-- a retried send with the same client id finds the first one
create unique index message_client_id on message (conversation_id, sender_id, client_id) where client_id is not null;
create index message_by_conversation on message (conversation_id, id desc);

-- Events written in the same transaction as the change; the relay publishes them and marks them sent.
create table outbox (
    id         bigserial   primary key,
    event_id   uuid        not null unique,
    topic      text        not null,
    record_key text        not null,
    event_type text        not null,
    tenant     text        not null,
    payload    text        not null,
    created_at timestamptz not null default now(),
    sent_at    timestamptz
);

create index outbox_unsent on outbox (id) where sent_at is null;

create function notify_outbox() returns trigger language plpgsql as $$
begin
    perform pg_notify('message_outbox', '');
    return null;
end
$$;

create trigger outbox_inserted after insert on outbox for each statement execute function notify_outbox();
