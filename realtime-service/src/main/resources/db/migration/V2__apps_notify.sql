-- Tell running servers at once that realtime.apps changed (they also re-read it every poll interval,
-- which covers notifications missed while a listener was reconnecting).
create function apps_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('realtime_apps_changed', '');
    return null;
end;
$$;

create trigger apps_changed after insert or update or delete or truncate on apps
    for each statement execute function apps_changed();
