-- Push devices: one row per FCM registration token. The token is the key because it names one app
-- install on one device, and so one person at a time: registering it again as someone else moves it.
create table device (
    token         text        primary key,
    hotel         text        not null,
    staff_id      bigint      not null,
    platform      text        not null check (platform in ('ANDROID', 'IOS', 'WEB')),
    app_version   text,
    locale        text,
    registered_at timestamptz not null,
    last_seen_at  timestamptz not null
);

-- a person's devices (listing, the per-person cap, and the push sender's lookup by recipients)
create index device_hotel_staff_idx on device (hotel, staff_id, last_seen_at);

-- A person's push settings; no row means the defaults (push everything, no quiet hours, UTC).
create table notification_preference (
    hotel       text        not null,
    staff_id    bigint      not null,
    push        text        not null check (push in ('ALL', 'MENTIONS_AND_DIRECT', 'NONE')),
    quiet_start time,
    quiet_end   time,
    time_zone   text        not null,
    updated_at  timestamptz not null,
    primary key (hotel, staff_id),
    check ((quiet_start is null) = (quiet_end is null)),
    check (quiet_start is distinct from quiet_end or quiet_start is null)
);
