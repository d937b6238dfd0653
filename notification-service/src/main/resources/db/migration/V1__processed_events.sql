-- Event ids this service has already acted on: the idempotent consumer's memory.
create table processed_event (
    event_id     uuid        primary key,
    event_type   text        not null,
    processed_at timestamptz not null default now()
);
