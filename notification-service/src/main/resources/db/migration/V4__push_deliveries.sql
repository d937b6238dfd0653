-- Which device tokens a push for an event has reached, so that a redelivered event (a retry after a
-- partial failure, an outage waited out with the partition paused, a replay) never pushes twice to a
-- token that already got it. Written right after FCM accepted each chunk; pruned after
-- staffchat.fcm.delivered-retention (default 14 days, as long as the consumer kit remembers events).
create table push_deliveries (
    event_id     uuid        not null,
    token        text        not null,
    delivered_at timestamptz not null default now(),
    primary key (event_id, token)
);

create index push_deliveries_delivered_at_idx on push_deliveries (delivered_at);
