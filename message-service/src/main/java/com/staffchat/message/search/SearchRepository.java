package com.staffchat.message.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL for search. Every query names the hotel and joins the caller's participant row. */
@Repository
class SearchRepository {

    /** A message up to this many characters comes whole in its snippet; a longer one in fragments. */
    static final int WHOLE_SNIPPET = 280;

    private static final String MARKERS = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.STOP;

    /** ts_headline's options for a short message: all of it, our two markers around each match. */
    static final String WHOLE_OPTIONS = MARKERS + ", HighlightAll=true";

    /** ts_headline's options for a long one: up to two fragments of 8 to 20 words around the matches. */
    static final String FRAGMENT_OPTIONS =
            MARKERS + ", MaxWords=20, MinWords=8, ShortWord=0, MaxFragments=2, FragmentDelimiter=\" … \"";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final SearchProperties properties;

    SearchRepository(DatabaseClient db, TransactionalOperator tx, SearchProperties properties) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
    }

    /** What PostgreSQL made of the words typed: the query's text form and its indexable part. */
    record Parsed(String text, String tree) {

        /** Whether the query has a word that must occur: not empty, not only excluded words. */
        boolean searchable() {
            return !text.isBlank() && !tree.isBlank() && !tree.equals("T");
        }
    }

    /** {@code websearch_to_tsquery} of {@code q} under the search configuration (V10). */
    Mono<Parsed> parse(String q) {
        return db.sql("""
                select q::text as text, querytree(q) as tree
                from websearch_to_tsquery('chat_search', :q) as q""")
                .bind("q", q)
                .map(row -> new Parsed(row.get("text", String.class), row.get("tree", String.class)))
                .one();
    }

    /** The filters of a search; null fields filter nothing. */
    record Filters(Long conversationId, Long senderId, Instant from, Instant to, Boolean hasAttachment) {}

    /** One hit and its rank (for the cursor). */
    record Row(SearchHit hit, float rank) {}

    /** How a page is ordered: newest first, or best first among the newest matches. */
    enum Sort {
        RECENT,
        RELEVANCE
    }

    /**
     * The matches of {@code tsquery} that {@code me} may see, after {@code after} when given, at most {@code
     * limit}: messages of conversations {@code me} is a participant of now, after their {@code
     * visible_from_seq}, neither deleted nor system messages. {@link Sort#RECENT}: newest first (the planner
     * walks the message ids backwards for a common word and the GIN index for a rare one; either way it stops
     * after the page). {@link Sort#RELEVANCE}: the newest {@code relevanceWindow} matches, best first (rank,
     * then the newer id). Only the page's rows get a headline (ts_headline parses the whole body again).
     */
    Flux<Row> search(String hotel, long me, String tsquery, Filters filters, Sort sort, SearchCursor after, int limit) {
        Map<String, Object> binds = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder();
        if (filters.conversationId() != null) {
            where.append(" and m.conversation_id = :conversation");
            binds.put("conversation", filters.conversationId());
        }
        if (filters.senderId() != null) {
            where.append(" and m.sender_id = :sender");
            binds.put("sender", filters.senderId());
        }
        if (filters.from() != null) {
            where.append(" and m.created_at >= :from");
            binds.put("from", filters.from());
        }
        if (filters.to() != null) {
            where.append(" and m.created_at < :to");
            binds.put("to", filters.to());
        }
        if (filters.hasAttachment() != null) {
            where.append(filters.hasAttachment() ? " and m.has_attachments" : " and not m.has_attachments");
        }
        String page = "";
        String order;
        String outerOrder;
        int candidates;
        if (sort == Sort.RECENT) {
            if (after != null) {
                where.append(" and m.id < :afterId");
                binds.put("afterId", after.id());
            }
            order = "id desc";
            outerOrder = "page.id desc";
            candidates = limit;
        } else {
            if (after != null) {
                page = " where (rank, id) < (cast(:afterRank as real), :afterId)";
                binds.put("afterRank", after.rank());
                binds.put("afterId", after.id());
            }
            order = "rank desc, id desc";
            outerOrder = "page.rank desc, page.id desc";
            candidates = properties.relevanceWindow();
        }
        String sql = """
                with q as not materialized (select cast(:q as tsquery) as q),
                newest as (
                    select m.id, m.conversation_id, m.seq, m.sender_id, m.created_at, m.edited_at, m.has_attachments,
                           m.search
                    from q, message m
                    join participant p on p.hotel = m.hotel and p.conversation_id = m.conversation_id
                                      and p.staff_id = :me
                    where m.search @@ q.q and m.hotel = :hotel and m.deleted_at is null and m.kind = 'USER'
                      and m.seq > p.visible_from_seq%s
                    order by m.id desc
                    limit :candidates),
                hits as (
                    select n.id, n.conversation_id, n.seq, n.sender_id, n.created_at, n.edited_at, n.has_attachments,
                           ts_rank(n.search, q.q, 1) as rank
                    from newest n cross join q),
                page as (
                    select * from hits%s
                    order by %s
                    limit :limit)
                select page.*,
                       case when char_length(t.body) <= :whole then ts_headline('chat_search', t.body, q.q, :wholeOptions)
                            else ts_headline('chat_search', t.body, q.q, :fragmentOptions) end as headline
                from page
                join message m on m.id = page.id
                cross join lateral (select translate(m.body, chr(1) || chr(2), '  ') as body) t
                cross join q
                order by %s""".formatted(where, page, order, outerOrder);
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
                .bind("q", tsquery)
                .bind("hotel", hotel)
                .bind("me", me)
                .bind("candidates", candidates)
                .bind("limit", limit)
                .bind("whole", WHOLE_SNIPPET)
                .bind("wholeOptions", WHOLE_OPTIONS)
                .bind("fragmentOptions", FRAGMENT_OPTIONS);
        for (Map.Entry<String, Object> bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        Flux<Row> rows = spec.map(row -> new Row(
                        new SearchHit(
                                row.get("id", Long.class),
                                row.get("conversation_id", Long.class),
                                row.get("seq", Long.class),
                                row.get("sender_id", Long.class),
                                instant(row.get("created_at", OffsetDateTime.class)),
                                instant(row.get("edited_at", OffsetDateTime.class)),
                                Boolean.TRUE.equals(row.get("has_attachments", Boolean.class)),
                                Snippet.of(row.get("headline", String.class))),
                        row.get("rank", Float.class)))
                .all();
        // The driver prepares the statement; after five runs PostgreSQL may switch to a generic plan, which
        // cannot see the tsquery: for a rare word it walked every message of the caller's conversations instead
        // of the GIN index (1.4 s instead of 35 ms with 1,000 conversations and a million messages, measured by
        // the benchmark's reads step), and only a custom plan can choose between the backward walk of the ids
        // (a common word) and the index (a rare one). Planning each search for its own words costs about 1 ms.
        // The tsquery must reach the planner as a value: `q` is used three times, and a CTE used more than once is
        // materialized unless told otherwise, which hid the words from the estimate (0.5 % of the rows for any
        // word: a rare word walked the ids backwards, a common one's relevance window fetched all its matches).
        // The statement timeout bounds what a search can cost the database, whatever the words.
        return tx.transactional(db.sql("set local plan_cache_mode = force_custom_plan")
                .then()
                .then(db.sql("select set_config('statement_timeout', :timeout, true)")
                        .bind("timeout", properties.statementTimeout().toMillis() + "ms")
                        .then())
                .thenMany(rows));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
