-- The idempotency record of service-support's consumer kit: one row per (consumer, event id), so two
-- handlers of one event (realtime, and later push) each run once and neither skips the other.
-- Rows older than staffchat.consumer.processed-events.retention are pruned on a schedule.
create table processed_events (
    consumer     text        not null,
    event_id     uuid        not null,
    event_type   text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);

create index processed_events_processed_at_idx on processed_events (processed_at);

-- Everything recorded so far was recorded by the realtime handler, the only one there was.
insert into processed_events (consumer, event_id, event_type, processed_at)
select 'notification-realtime', event_id, event_type, processed_at from processed_event;

drop table processed_event;
