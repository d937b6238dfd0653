package com.staffchat.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17's reads at scale, through the gateway with real tokens: my conversation list, search and catch-up
 * sync, with every caller in {@code conversations} groups and {@code conversations × messagesPerConversation}
 * messages in the hotel (1,000 and 1,000: a million). The data is written straight into the running system's
 * database (message-service's schema), which is much faster than a million sends; it is kept between runs under
 * its own hotel and written again only when its size differs. Each measure is a closed loop of one request at a
 * time (the latency of one person's screen, not a load test), rotating over the callers so no caller meets its
 * rate limit.
 */
final class ReadsBench {

    record Settings(
            String jdbcUrl,
            String user,
            String password,
            String schema,
            String hotel,
            int callers,
            int conversations,
            int messagesPerConversation,
            int warmup,
            int requests) {}

    /** One measured request kind: what was asked, how many answers, their latency, and what one answer held. */
    record Measure(String name, String request, Latency latency, double targetP99Millis, String answered) {

        boolean met() {
            return latency.p99() <= targetP99Millis;
        }
    }

    record Result(
            String hotel,
            int callers,
            int conversationsPerCaller,
            long messages,
            double seedSeconds,
            boolean seeded,
            List<Measure> measures) {}

    /** Conversation ids 2^39 + n and message ids 2^40 + n: below every id next_id() has given (January 2024). */
    static final long CONVERSATION_BASE = 1L << 39;

    static final long MESSAGE_BASE = 1L << 40;

    /** Words a hotel's staff write; each message has six of them, so each is in about 15 % of the messages. */
    static final List<String> WORDS = List.of(
            "room",
            "towels",
            "checkout",
            "guest",
            "breakfast",
            "housekeeping",
            "minibar",
            "laundry",
            "keycard",
            "lobby",
            "reception",
            "luggage",
            "suite",
            "pillow",
            "shower",
            "kitchen",
            "order",
            "table",
            "terrace",
            "parking",
            "taxi",
            "airport",
            "invoice",
            "refund",
            "complaint",
            "noise",
            "heating",
            "window",
            "wifi",
            "elevator",
            "spa",
            "pool",
            "gym",
            "menu",
            "allergy",
            "vegan",
            "wine",
            "coffee",
            "maintenance",
            "linen");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Settings settings;
    private final GatewayApi api;

    ReadsBench(Settings settings, GatewayApi api) {
        this.settings = settings;
        this.api = api;
    }

    long expectedMessages() {
        return (long) settings.conversations() * settings.messagesPerConversation();
    }

    Result run() throws Exception {
        long started = System.nanoTime();
        boolean seeded;
        try (Connection db = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            db.createStatement().execute("set search_path to " + settings.schema());
            seeded = seedIfNeeded(db);
        }
        double seedSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "reads: hotel %s, %d callers each in %d groups, %d messages (%s in %.0f s)%n",
                settings.hotel(),
                settings.callers(),
                settings.conversations(),
                expectedMessages(),
                seeded ? "written" : "already there, checked",
                seedSeconds);
        List<Measure> measures = new ArrayList<>();
        measures.add(measure(
                "conversation list", "GET /api/v1/conversations (first page)", 50, "/api/v1/conversations", body -> {
                    JsonNode list = body.path("conversations");
                    return list.size() + " conversations";
                }));
        // a token in 20 of the million messages, one in 1,000 and a word in about 14 %: search cost grows with the
        // matches
        measures.add(measure(
                "search, rare word",
                "GET /api/v1/search?q=ref4242",
                100,
                "/api/v1/search?q=ref4242",
                ReadsBench::hits));
        measures.add(measure(
                "search, medium word",
                "GET /api/v1/search?q=item421",
                100,
                "/api/v1/search?q=item421",
                ReadsBench::hits));
        measures.add(measure(
                "search, common word",
                "GET /api/v1/search?q=towels",
                100,
                "/api/v1/search?q=towels",
                ReadsBench::hits));
        measures.add(measure(
                "search, two words",
                "GET /api/v1/search?q=towels+checkout",
                100,
                "/api/v1/search?q=towels+checkout",
                ReadsBench::hits));
        // relevance ranks the newest 500 matches (staffchat.search.relevance-window): the common words again
        measures.add(measure(
                "search by relevance, common word",
                "GET /api/v1/search?q=towels&sort=relevance",
                100,
                "/api/v1/search?q=towels&sort=relevance",
                ReadsBench::hits));
        measures.add(measure(
                "search by relevance, two words",
                "GET /api/v1/search?q=towels+checkout&sort=relevance",
                100,
                "/api/v1/search?q=towels+checkout&sort=relevance",
                ReadsBench::hits));
        measures.add(syncOfChanges(1_000));
        return new Result(
                settings.hotel(),
                settings.callers(),
                settings.conversations(),
                expectedMessages(),
                Math.round(seedSeconds * 10) / 10.0,
                seeded,
                List.copyOf(measures));
    }

    private static String hits(JsonNode body) {
        return body.path("results").size() + " results on the first page";
    }

    private interface Describe {
        String of(JsonNode body);
    }

    private Measure measure(String name, String request, double target, String path, Describe describe)
            throws IOException, InterruptedException {
        Histogram nanos = Latency.histogram();
        String answered = "";
        for (int i = 0; i < settings.warmup() + settings.requests(); i++) {
            long caller = 1 + (i % settings.callers());
            long t0 = System.nanoTime();
            String body = api.get(caller, path);
            long took = System.nanoTime() - t0;
            if (i >= settings.warmup()) {
                nanos.recordValue(Math.min(took, nanos.getHighestTrackableValue()));
            }
            if (i == 0) {
                answered = describe.of(JSON.readTree(body));
            }
        }
        Latency latency = Latency.of(nanos);
        System.out.printf(
                "  %-22s p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= %.0f ms); %s%n",
                name, latency.p50(), latency.p99(), latency.max(), target, answered);
        return new Measure(name, request, latency, target, answered);
    }

    /**
     * Takes a sync cursor, changes {@code changes} messages (the newest of each of the callers' conversations is
     * edited, straight in the database, as an edit through the API would store it), then measures one sync from
     * that cursor: every caller's answer holds all of them.
     */
    private Measure syncOfChanges(int changes) throws Exception {
        String cursor = JSON.readTree(api.get(1, "/api/v1/sync")).path("cursor").asString();
        if (cursor.isEmpty()) {
            throw new IllegalStateException("GET /api/v1/sync answered no cursor");
        }
        try (Connection db = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            db.createStatement().execute("set search_path to " + settings.schema());
            try (PreparedStatement edit = db.prepareStatement("""
                    update message m set body = m.body || ' (edited)', edited_at = now()
                    from (select c.id, c.last_seq from conversation c where c.hotel = ? order by c.id limit ?) c
                    where m.conversation_id = c.id and m.seq = c.last_seq""")) {
                edit.setString(1, settings.hotel());
                edit.setInt(2, changes);
                int edited = edit.executeUpdate();
                if (edited != changes) {
                    throw new IllegalStateException("edited " + edited + " messages, not " + changes);
                }
            }
        }
        String path = "/api/v1/sync?since="
                + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8) + "&limit=" + changes;
        return measure(
                "sync of " + changes + " changes",
                "GET /api/v1/sync?since=<cursor>&limit=" + changes,
                100,
                path,
                body -> body.path("messages").size() + " messages, hasMore "
                        + body.path("hasMore").asBoolean());
    }

    /** Writes the hotel's data unless exactly this much is there already; true when it wrote. */
    private boolean seedIfNeeded(Connection db) throws SQLException {
        long messages;
        long memberships;
        try (PreparedStatement count = db.prepareStatement("""
                select (select count(*) from message where hotel = ?),
                       (select count(*) from participant where hotel = ?)""")) {
            count.setString(1, settings.hotel());
            count.setString(2, settings.hotel());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                messages = rs.getLong(1);
                memberships = rs.getLong(2);
            }
        }
        if (messages == expectedMessages() && memberships == (long) settings.conversations() * settings.callers()) {
            return false;
        }
        db.setAutoCommit(false);
        String hotel = settings.hotel();
        exec(db, "delete from conversation where hotel = ?", hotel);
        exec(db, "delete from staff where hotel = ?", hotel);
        exec(db, """
                insert into staff (hotel, id, display_name, handle, department, title, active)
                select ?, g, 'Reader ' || g, 'reader' || g, 'bench', 'Staff', true from generate_series(1, ?) g""", hotel, settings.callers());
        int perConversation = settings.messagesPerConversation();
        exec(db, """
                insert into conversation (id, hotel, kind, title, created_by, created_at, last_seq, last_message_at)
                select ? + g, ?, 'GROUP', 'Group ' || g, 1, now() - interval '100 days', ?,
                       now() - make_interval(mins => g)
                from generate_series(1, ?) g""", CONVERSATION_BASE, hotel, perConversation, settings.conversations());
        // everyone has read all but the last 0 to 15 messages of each group
        exec(db, """
                insert into participant (conversation_id, hotel, staff_id, role, joined_at, last_read_seq)
                select c.id, c.hotel, s, case when s = 1 then 'ADMIN' else 'MEMBER' end, c.created_at,
                       c.last_seq - (hashint8(c.id * 31 + s) & 15)
                from conversation c, generate_series(1, ?) s
                where c.hotel = ?""", settings.callers(), hotel);
        db.commit();
        StringBuilder words = new StringBuilder("array[");
        for (int i = 0; i < WORDS.size(); i++) {
            words.append(i == 0 ? "" : ",").append('\'').append(WORDS.get(i)).append('\'');
        }
        words.append(']');
        int chunk = Math.max(1, 100_000 / perConversation);
        for (int from = 1; from <= settings.conversations(); from += chunk) {
            int to = Math.min(settings.conversations(), from + chunk - 1);
            // n numbers the hotel's messages; seq runs 1..perConversation in each group, a minute apart
            exec(
                    db,
                    """
                    insert into message (id, conversation_id, hotel, seq, sender_id, body, created_at)
                    select ? + n, c.id, c.hotel, s, 1 + (n %% ?),
                           (select string_agg((%s)[1 + ((hashint8(n * 8 + k) & 2147483647) %% %d)::int], ' ')
                            from generate_series(1, 6) k) || ' ref' || (n %% 50000) || ' item' || (n %% 1000),
                           c.last_message_at - make_interval(mins => ? - s)
                    from conversation c,
                         generate_series(1, ?) s,
                         lateral (select (c.id - ?) * ? + s as n) x
                    where c.hotel = ? and c.id between ? and ?""".formatted(words, WORDS.size()),
                    MESSAGE_BASE,
                    settings.callers(),
                    perConversation,
                    perConversation,
                    CONVERSATION_BASE,
                    (long) perConversation,
                    hotel,
                    CONVERSATION_BASE + from,
                    CONVERSATION_BASE + to);
            // one message in 100 mentions the caller after its sender
            exec(db, """
                    insert into mention (message_id, staff_id, hotel, conversation_id, seq, sender_id, kind, created_at)
                    select m.id, 1 + (m.sender_id % ?), m.hotel, m.conversation_id, m.seq, m.sender_id, 'HANDLE', m.created_at
                    from message m
                    where m.hotel = ? and m.conversation_id between ? and ? and m.id % 100 = 0""", settings.callers(), hotel, CONVERSATION_BASE + from, CONVERSATION_BASE + to);
            db.commit();
            System.out.printf("reads: %d of %d groups written%n", to, settings.conversations());
        }
        db.setAutoCommit(true);
        db.createStatement().execute("analyze message");
        db.createStatement().execute("analyze participant");
        db.createStatement().execute("analyze conversation");
        db.createStatement().execute("analyze mention");
        return true;
    }

    private static void exec(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /** The result as report rows: name to (p50, p99, target, met). */
    static Map<String, String> summary(Result result) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Measure m : result.measures()) {
            rows.put(
                    m.name(),
                    "p50 %.1f / p99 %.1f ms (target %.0f: %s)"
                            .formatted(
                                    m.latency().p50(),
                                    m.latency().p99(),
                                    m.targetP99Millis(),
                                    m.met() ? "met" : "not met"));
        }
        return rows;
    }
}
