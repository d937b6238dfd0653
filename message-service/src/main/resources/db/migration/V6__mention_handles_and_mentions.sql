-- Mention handles (issue 16). Each person has one, unique in the hotel, stored in lower case (the
-- rule is com.staffchat.message.staff.Handles; docs/api.md, "Mentions"). Unique as a deferred
-- constraint, so one directory change may swap two people's handles.
alter table staff add column handle text;

-- People already in the directory get their display name in lower case, each run of other characters
-- than letters and digits one '.', cut to 32, when that is a valid handle no one else in the hotel
-- derives and cannot be another's fallback; otherwise 'staff<id>', unique since the id is.
with derived as (
    select hotel, id,
           trim(both '._-' from left(trim(both '._-' from
               regexp_replace(lower(display_name), '[^[:alnum:]]+', '.', 'g')), 32)) as base
    from staff),
counted as (
    select hotel, id, base, count(*) over (partition by hotel, base) as same
    from derived)
update staff s
set handle = case
        when c.same = 1
             and char_length(c.base) between 2 and 32
             and c.base ~ '^[[:alnum:]]([[:alnum:]._-]*[[:alnum:]])?$'
             and c.base !~ '^staff[0-9]+$'
             and c.base not in ('all', 'here', 'everyone', 'channel')
        then c.base
        else 'staff' || s.id end
from counted c
where c.hotel = s.hotel and c.id = s.id;

alter table staff alter column handle set not null;
alter table staff add constraint staff_handle unique (hotel, handle) deferrable initially deferred;

-- Who a message mentions: written with the message (in the send statement, and by an edit), one row
-- per person; kind says how (HANDLE @anna, DEPARTMENT @housekeeping, ALL @all), the most direct form
-- when several name one person. seq, sender and created_at are the message's, so my mentions and the
-- mention counts per conversation need not read the message table.
create table mention (
    message_id      bigint      not null references message (id) on delete cascade,
    staff_id        bigint      not null,
    hotel           text        not null,
    conversation_id bigint      not null references conversation (id) on delete cascade,
    seq             bigint      not null,
    sender_id       bigint      not null,
    kind            text        not null check (kind in ('HANDLE', 'DEPARTMENT', 'ALL')),
    created_at      timestamptz not null,
    primary key (message_id, staff_id)
);

-- GET /api/v1/mentions: my mentions newest first, paged by message id.
create index mention_by_staff on mention (hotel, staff_id, message_id desc);
-- mention counts per conversation (mentions above my read position).
create index mention_by_conversation on mention (conversation_id, staff_id, seq);
