-- The membership check of every send and read is one probe of this index (index-only when visible).
create unique index participant_membership on participant (hotel, conversation_id, staff_id);

-- Messages are paged by seq (the unique (conversation_id, seq) index serves it); nothing reads
-- them by id order any more.
drop index message_by_conversation;

-- The pruner deletes sent rows older than the retention, oldest first.
create index outbox_sent on outbox (sent_at) where sent_at is not null;
