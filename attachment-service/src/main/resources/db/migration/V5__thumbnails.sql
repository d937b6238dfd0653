-- Thumbnails (issue 19): two sizes per image or PDF, stored beside the object as {object_key}/thumb-small
-- and {object_key}/thumb-large. thumbnail_key (V1) is the small one's key.
--
-- Every attachment starts PENDING, whoever inserts it: the thumbnail job ends it NONE (a type without
-- thumbnails), READY or FAILED, and a sweep takes up any row still PENDING after a while, so an upload that
-- committed just before a crash still gets its thumbnail. thumbnail_status_at is when the status last
-- changed or an attempt started (the attempt's lease); thumbnail_attempts counts attempts.
alter table attachment
    add column thumbnail_status text not null default 'PENDING'
        check (thumbnail_status in ('NONE', 'PENDING', 'READY', 'FAILED')),
    add column thumbnail_status_at timestamptz not null default now(),
    add column thumbnail_attempts int not null default 0,
    add column thumbnail_error text,
    add column thumbnail_small_width int,
    add column thumbnail_small_height int,
    add column thumbnail_large_key text,
    add column thumbnail_large_width int,
    add column thumbnail_large_height int;

-- the sweep's question: which pending thumbnails have waited longest
create index attachment_thumbnail_pending_idx on attachment (thumbnail_status_at)
    where thumbnail_status = 'PENDING';
