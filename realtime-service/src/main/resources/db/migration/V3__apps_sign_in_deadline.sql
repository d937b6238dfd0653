-- Pusher's "authorized connections" per stored app: connections that have not completed
-- pusher:signin this many seconds after connecting are closed with 4009. NULL: the default
-- (staffchat.realtime.default-limits.sign-in-deadline); 0: off.
alter table apps add column sign_in_deadline_seconds integer check (sign_in_deadline_seconds >= 0);
