-- Whose own channel (private-{hotel}-staff-{staffId}) someone is on right now
-- (com.staffchat.notification.projection.WatchedFeeds), from realtime-service's channel_occupied /
-- channel_vacated on staffchat.presence. Only that person can subscribe to it, so an occupied feed
-- means one of their screens is open. unread-count events after a new message go only to these: a
-- screen that opens later fetches its counts (GET /api/v1/conversations) instead.
create table watched_feeds (
    hotel       text        not null,
    staff_id    bigint      not null,
    occupied_at timestamptz not null,
    primary key (hotel, staff_id)
);
