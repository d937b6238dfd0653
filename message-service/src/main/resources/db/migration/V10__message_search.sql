-- Issue 17: full-text search over message bodies (GET /api/v1/search).
--
-- One language-neutral configuration for every hotel: staff write German, Hungarian, Spanish, French,
-- Russian, Arabic, Chinese and English, often mixed in one conversation, and nothing says which
-- language a message is in. A stemmer of one language mangles another's words (german stems
-- 'Zimmer' to 'zimm'; hungarian would cut English words), so chat_search does no stemming and knows no
-- stop words: 'simple' (lower-case) after 'unaccent' (Handtücher = handtucher, Habitación = habitacion,
-- ё = е), so a search need not type accents. Partial words are found by prefix matching, which the
-- service adds to the query (towel finds towels; see message-service search.SearchQuery).
-- Limit: Chinese and Japanese have no spaces, so a run of Han characters is one word; it is found by
-- its beginning, not by a word inside it (docs/api.md "Search").
--
-- The extension lives in public so that dropping a schema (a test's or the benchmark's scratch schema)
-- never drops it, and with it every other schema's configuration. The unaccent dictionary inside a
-- text search configuration needs no IMMUTABLE wrapper: to_tsvector(regconfig, text) is immutable.
create extension if not exists unaccent with schema public;

create text search configuration chat_search (copy = pg_catalog.simple);
alter text search configuration chat_search
    alter mapping for word, hword, hword_part, numword, numhword, hword_numpart with public.unaccent, simple;

-- The body's words, kept by PostgreSQL itself whenever the body changes (send, edit, soft delete
-- blanks it), so the send statement is unchanged. A stored column rather than an expression index:
-- ranking reads the vector of every match instead of parsing each body again (docs/benchmarks.md has
-- the send statement's rate with and without it).
alter table message add column search tsvector generated always as (to_tsvector('chat_search', body)) stored;

-- fastupdate (the default, said explicitly): an insert appends to the pending list instead of
-- updating a posting tree per word; vacuum or the list's size limit merges it.
create index message_search on message using gin (search) with (fastupdate = on);
