-- The presence cap per stored app: most distinct users on one presence channel (one more is refused
-- with pusher:subscription_error 403). NULL: the default (staffchat.realtime.max-presence-members,
-- Pusher's 100). A hotel of 1,000 staff on one presence-{hotel}-staff channel needs at least 1000.
alter table apps add column max_presence_members integer check (max_presence_members > 0);
