-- The W3C traceparent of the request that caused the event; the relay sends it as the Kafka record's
-- traceparent header so consumers continue the request's trace. Null for rows written before V4 and
-- for events no request caused.
alter table outbox add column traceparent text;

-- A NOTIFY makes its transaction take a database-wide lock from the start of its commit to the end
-- (the WAL flush included), so a NOTIFY per send serialised the commits of every send in every
-- conversation and defeated PostgreSQL's group commit (measured: about 200 against 500-700 sends a
-- second on 8 connections). Sends now wake their own instance's relay in-process after the commit
-- (Outbox.sent); the other, rare events still notify, and every relay polls as before.
drop trigger outbox_inserted on outbox;
create trigger outbox_inserted after insert on outbox for each row
    when (new.event_type <> 'staffchat.message.sent') execute function notify_outbox();
