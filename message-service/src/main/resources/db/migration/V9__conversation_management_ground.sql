-- Issue 17's ground: the columns and stamps that the conversation list, membership, archive and mute,
-- search and catch-up sync share. Each part's own tables and indexes come in its own migration.

-- Change stamps for GET /api/v1/sync. Every row a client shows carries the id of the transaction
-- that last wrote it (xid8: 64-bit, never wraps). A sync page returns the rows whose stamp lies
-- between the client's cursor and the oldest transaction still running (pg_snapshot_xmin), so a row
-- written by a transaction that commits later, with a smaller stamp than rows already returned,
-- is never skipped: its stamp is not below the horizon until it has committed.
alter table conversation add column changed_xid xid8 not null default pg_current_xact_id();
alter table participant add column changed_xid xid8 not null default pg_current_xact_id();
alter table message add column changed_xid xid8 not null default pg_current_xact_id();
alter table message_tombstone add column changed_xid xid8 not null default pg_current_xact_id();

-- Any update stamps its row, so no code path can forget it. The send statement sets the stamp itself
-- (MessageRepository.SEND), and the WHEN clause, evaluated without calling the function, then skips
-- the trigger: the hottest statement pays nothing for it.
create function stamp_changed() returns trigger language plpgsql as $$
begin
    new.changed_xid := pg_current_xact_id();
    return new;
end
$$;

create trigger conversation_stamped before update on conversation
    for each row when (new.changed_xid = old.changed_xid) execute function stamp_changed();
create trigger participant_stamped before update on participant
    for each row when (new.changed_xid = old.changed_xid) execute function stamp_changed();
create trigger message_stamped before update on message
    for each row when (new.changed_xid = old.changed_xid) execute function stamp_changed();

-- A reaction added or taken back changes its message as a client shows it. (A message deleted whole
-- takes its reactions with it; the update then finds no row, which is what it should do.)
create function stamp_reacted_message() returns trigger language plpgsql as $$
begin
    update message set changed_xid = pg_current_xact_id()
    where id = coalesce(new.message_id, old.message_id);
    return null;
end
$$;

create trigger reaction_stamps_message after insert or delete on reaction
    for each row execute function stamp_reacted_message();

-- Archived for everyone by a group admin: read-only (sends, edits and reactions answer 409).
alter table conversation add column archived_at timestamptz;
alter table conversation add column archived_by bigint;
-- Whether people added to a group later see the messages from before they joined (true: as Slack
-- and Mattermost channels do; false: as Zulip's private streams with protected history).
alter table conversation add column history_visible boolean not null default true;

-- The first seq a participant may read: 0 for everyone, except people added to a group that hides
-- its history, who see only messages with seq > visible_from_seq (the conversation's last_seq when
-- they joined). Listings, search and sync all apply it.
alter table participant add column visible_from_seq bigint not null default 0;

-- Who left a conversation or was removed from it, and when: the participant row is deleted (so every
-- membership check, channel authorization included, refuses at once), and sync tells the person's
-- other devices from this row. Rejoining inserts a new participant row; this one stays.
create table participant_departure (
    id              bigint      generated always as identity primary key,
    conversation_id bigint      not null references conversation (id) on delete cascade,
    hotel           text        not null,
    staff_id        bigint      not null,
    removed_by      bigint      not null,
    left_at         timestamptz not null default now(),
    changed_xid     xid8        not null default pg_current_xact_id()
);

create index participant_departure_by_staff on participant_departure (hotel, staff_id, changed_xid);

-- System messages (membership, title and admin changes) sit in the message stream with their own seq:
-- kind SYSTEM, body the English sentence, system the structured facts a client renders in its language.
alter table message add column kind text not null default 'USER' check (kind in ('USER', 'SYSTEM'));
alter table message add column system jsonb;

-- Set when a message carries attachments (issue 19 writes it); search filters on it.
alter table message add column has_attachments boolean not null default false;

-- A person's picture in the directory (direct conversations show the other person's).
alter table staff add column avatar_url text;

-- Catch-up sync reads changed rows per conversation in stamp order.
create index message_changed on message (conversation_id, changed_xid);
create index message_tombstone_changed on message_tombstone (conversation_id, changed_xid);
