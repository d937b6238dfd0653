-- Read receipts: a row per move of a participant's read position (POST .../read), not a row per
-- message: "when did staff S read message seq N" is the time of the first move of S in that
-- conversation with to_seq >= N (moves only go forward, so that is the one with the smallest such
-- to_seq: one probe of the primary key). A send moves its sender's position too (MessageRepository.SEND)
-- without a row here; receipts take that time from the sender's first message after N instead, so the
-- send statement does no extra work. Rows go with their conversation.
create table read_move (
    conversation_id bigint      not null references conversation (id) on delete cascade,
    hotel           text        not null,
    staff_id        bigint      not null,
    from_seq        bigint      not null,
    to_seq          bigint      not null,
    read_at         timestamptz not null,
    primary key (conversation_id, staff_id, to_seq),
    check (from_seq < to_seq)
);
