-- The idempotency record of service-support's consumer kit: keyed by (consumer, event id), so each
-- handler of an event runs once. Pruned on a schedule (staffchat.consumer.processed-events.retention).
-- No consumer has written here yet; rows that exist are kept under the service's name.
alter table processed_events add column consumer text not null default 'attachment-service';
alter table processed_events alter column consumer drop default;
alter table processed_events add column event_type text not null default 'unknown';
alter table processed_events alter column event_type drop default;
alter table processed_events drop constraint processed_events_pkey;
alter table processed_events add primary key (consumer, event_id);
create index processed_events_processed_at_idx on processed_events (processed_at);
