-- What each push delivery was about, so later events can follow up on the tokens that got a push
-- (package push): an edit or a delete of a pushed message goes as a data message to exactly the
-- tokens that got the message (MESSAGE_EDITED / MESSAGE_DELETED), and a read clears a conversation
-- on the reader's devices only while a message pushed to them there has not been cleared yet (READ
-- rows record the seq each clear reached). Rows written before this migration have no hotel and are
-- never followed up; every row is still pruned after staffchat.fcm.delivered-retention.
alter table push_deliveries
    add column hotel           text,
    add column conversation_id bigint,
    add column message_id      bigint,
    add column seq             bigint,
    add column kind            text;

-- the tokens a message was pushed to (edit, delete)
create index push_deliveries_message_idx on push_deliveries (hotel, message_id)
    where kind = 'NEW_MESSAGE';

-- a conversation's pushes and clears per token (read)
create index push_deliveries_conversation_idx on push_deliveries (hotel, conversation_id, token, seq)
    where kind in ('NEW_MESSAGE', 'READ');
