-- Pusher apps served in addition to the configured ones (staffchat.realtime.apps-from-database).
-- A NULL limit means the default from staffchat.realtime.default-limits / client-events-per-second;
-- 0 for max_connections or api_requests_per_second means no limit.
create table apps (
    id                       text primary key check (id <> ''),
    key                      text not null unique check (key <> ''),
    secret                   text not null check (secret <> ''),
    enabled                  boolean not null default true,
    max_connections          integer check (max_connections >= 0),
    api_requests_per_second  integer check (api_requests_per_second >= 0),
    client_events_per_second integer check (client_events_per_second > 0),
    updated_at               timestamptz not null default now()
);
