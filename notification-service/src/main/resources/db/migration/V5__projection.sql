-- notification-service's projection of the conversation topic (package projection): what it must know for
-- every event without asking message-service (who takes part, how far each has read, mutes). Written
-- only by the conversation listener, from events and from message-service's conversation snapshots.
-- No foreign key from participant to conversation: events may name a conversation before its row exists
-- (a projection started after the conversation was created); every write upserts both.
create table projected_conversation (
    hotel           text   not null,
    conversation_id bigint not null,
    -- DIRECT or GROUP; null until a ConversationCreated or a snapshot says
    kind            text   check (kind in ('DIRECT', 'GROUP')),
    title           text,
    -- the newest message's seq (0: none yet); unread for a participant = last_seq - last_read_seq
    last_seq        bigint not null default 0,
    primary key (hotel, conversation_id)
);

create table projected_participant (
    hotel           text        not null,
    conversation_id bigint      not null,
    staff_id        bigint      not null,
    last_read_seq   bigint      not null default 0,
    muted           boolean     not null default false,
    -- when a mute ends; null: for good (or not muted)
    muted_until     timestamptz,
    primary key (hotel, conversation_id, staff_id)
);

-- one person's conversations: their total unread (a badge) is a sum over these
create index projected_participant_staff_idx on projected_participant (hotel, staff_id)
    include (conversation_id, last_read_seq);
