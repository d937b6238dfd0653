-- Who is looking at a conversation right now (com.staffchat.notification.projection.Viewers): one row
-- per signed-in realtime connection (socket) subscribed to a conversation's channel, from
-- realtime-service's subscription_added / subscription_removed on staffchat.presence. refreshed_at is
-- when realtime-service last announced the subscription (again every fleet.viewer-refresh-interval);
-- a row not refreshed within staffchat.viewers.max-age lost its removal: it is ignored, then pruned.
create table conversation_viewers (
    hotel           text        not null,
    conversation_id bigint      not null,
    staff_id        bigint      not null,
    socket_id       text        not null,
    refreshed_at    timestamptz not null,
    primary key (hotel, conversation_id, staff_id, socket_id)
);

create index conversation_viewers_refreshed_at_idx on conversation_viewers (refreshed_at);
