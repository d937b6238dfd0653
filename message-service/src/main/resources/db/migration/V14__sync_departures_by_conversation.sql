-- Catch-up sync (GET /api/v1/sync) tells a person who left each of their conversations since their cursor:
-- departures by conversation in stamp order. V9's index serves only a person's own departures (hotel,
-- staff_id, changed_xid). Departures are rare writes, so this index costs nothing on a hot path.
-- No index is added on participant.changed_xid: the send statement updates its sender's participant row
-- (read position), and an index over the stamp would make every such update a non-HOT one; sync reads
-- participant rows through the participants of the caller's conversations instead (primary key).
create index participant_departure_changed on participant_departure (conversation_id, changed_xid);
