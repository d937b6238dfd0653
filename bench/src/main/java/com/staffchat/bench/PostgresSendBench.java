package com.staffchat.bench;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL's rate of send transactions: message-service's own Flyway migrations applied to a
 * scratch schema, then the very statement one send with a client id runs (message-service's
 * {@code MessageRepository.SEND}: membership, the client-id lookup, the seq bump, the message, the
 * sender's read position and the outbox row in one statement, its own transaction) from
 * {@code connections} threads, each on its own connection, closed loop, for a fixed time. The
 * statement is read from message-service's source next to the migrations, so the two cannot drift
 * apart (and without a dependency on the service's jar). The schema is dropped at the end, also
 * after a failure.
 */
final class PostgresSendBench {

    record Settings(
            String jdbcUrl,
            String user,
            String password,
            Path migrations,
            int connections,
            int conversations,
            int warmupSeconds,
            int seconds) {}

    record Result(
            String postgresVersion,
            int connections,
            int conversations,
            int seconds,
            long transactions,
            long failures,
            double transactionsPerSecond,
            Latency latency,
            double generatorCpuPercent) {}

    static final String HOTEL = "bench-hotel";

    /** Where message-service's send statement lives, relative to its migrations folder. */
    static final String SEND_SOURCE = "../../../java/com/staffchat/message/message/MessageRepository.java";

    /** A named parameter of Spring's DatabaseClient ({@code :hotel}), not a {@code ::} cast nor {@code ":0"} in a literal. */
    private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([a-zA-Z][a-zA-Z0-9]*)");

    /** message-service's send statement with JDBC placeholders, and its parameter names in order. */
    record SendStatement(String sql, List<String> parameters) {

        static SendStatement read(Path migrations) throws IOException {
            Path source = migrations.resolve(SEND_SOURCE).normalize();
            String java = Files.readString(source);
            String start = "static final String SEND = \"\"\"";
            int from = java.indexOf(start);
            int to = from < 0 ? -1 : java.indexOf("\"\"\";", from + start.length());
            if (to < 0) {
                throw new IllegalStateException("no text block 'static final String SEND' in " + source);
            }
            String named = java.substring(from + start.length(), to).stripIndent();
            List<String> parameters = new ArrayList<>();
            Matcher m = NAMED.matcher(named);
            StringBuilder jdbc = new StringBuilder();
            while (m.find()) {
                parameters.add(m.group(1));
                m.appendReplacement(jdbc, "?");
            }
            m.appendTail(jdbc);
            return new SendStatement(jdbc.toString(), List.copyOf(parameters));
        }
    }

    /** A request's trace context, as the service stores with every outbox row. */
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    static final String BODY = "Room 214 asks for extra towels and a late checkout at 13:00; can housekeeping confirm?";

    private final Settings settings;
    private final EventCodec codec = new EventCodec();
    private SendStatement statement;

    PostgresSendBench(Settings settings) {
        this.settings = settings;
    }

    Result run() throws Exception {
        if (!Files.isDirectory(settings.migrations())) {
            throw new IllegalArgumentException("no migrations at " + settings.migrations()
                    + " (message-service/src/main/resources/db/migration; run from the repository root)");
        }
        statement = SendStatement.read(settings.migrations());
        String schema = "bench_" + Long.toString(System.currentTimeMillis(), 36);
        try (Connection admin = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            String version = single(admin, "show server_version");
            try {
                Flyway.configure()
                        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                        .schemas(schema)
                        .defaultSchema(schema)
                        .locations("filesystem:" + settings.migrations().toAbsolutePath())
                        .load()
                        .migrate();
                long[] conversations = seed(schema);
                System.out.printf(
                        "PostgreSQL %s: scratch schema %s migrated, %d direct conversations; %d connections, %d s warm-up, %d s measured%n",
                        version,
                        schema,
                        conversations.length,
                        settings.connections(),
                        settings.warmupSeconds(),
                        settings.seconds());
                return measure(schema, conversations, version);
            } finally {
                try (Statement drop = admin.createStatement()) {
                    drop.execute("drop schema if exists " + schema + " cascade");
                }
            }
        }
    }

    private Connection connect(String schema) throws SQLException {
        return DriverManager.getConnection(
                settings.jdbcUrl() + (settings.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema,
                settings.user(),
                settings.password());
    }

    /** Conversation i is a direct conversation between staff 2i+1 and 2i+2. */
    private long[] seed(String schema) throws SQLException {
        long[] ids = new long[settings.conversations()];
        try (Connection c = connect(schema)) {
            c.setAutoCommit(false);
            try (PreparedStatement staff = c.prepareStatement(
                            "insert into staff (hotel, id, display_name, handle) values (?, ?, ?, ?)");
                    PreparedStatement conversation = c.prepareStatement(
                            "insert into conversation (hotel, kind, direct_key, created_by) values (?, 'DIRECT', ?, ?) returning id");
                    PreparedStatement participant = c.prepareStatement(
                            "insert into participant (conversation_id, hotel, staff_id) values (?, ?, ?)")) {
                for (int i = 0; i < ids.length; i++) {
                    long a = 2L * i + 1;
                    long b = a + 1;
                    for (long s : new long[] {a, b}) {
                        staff.setString(1, HOTEL);
                        staff.setLong(2, s);
                        staff.setString(3, "Staff " + s);
                        staff.setString(4, "staff" + s);
                        staff.executeUpdate();
                    }
                    conversation.setString(1, HOTEL);
                    conversation.setString(2, a + ":" + b);
                    conversation.setLong(3, a);
                    try (ResultSet rs = conversation.executeQuery()) {
                        rs.next();
                        ids[i] = rs.getLong(1);
                    }
                    for (long s : new long[] {a, b}) {
                        participant.setLong(1, ids[i]);
                        participant.setString(2, HOTEL);
                        participant.setLong(3, s);
                        participant.executeUpdate();
                    }
                }
            }
            c.commit();
            try (Statement analyze = c.createStatement()) {
                c.setAutoCommit(true);
                analyze.execute("analyze");
            }
        }
        return ids;
    }

    private Result measure(String schema, long[] conversations, String version) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long cpuBefore = Latency.processCpuNanos();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(settings.seconds());
        CountDownLatch done = new CountDownLatch(settings.connections());
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < settings.connections(); t++) {
            Thread thread = new Thread(
                    () -> {
                        try (Connection c = connect(schema);
                                Sender sender = new Sender(c)) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            long now;
                            while ((now = System.nanoTime()) < end) {
                                int i = random.nextInt(conversations.length);
                                long staff = 2L * i + 1 + random.nextInt(2);
                                try {
                                    sender.send(conversations[i], staff);
                                } catch (SQLException e) {
                                    if (now >= measureFrom) {
                                        failures.incrementAndGet();
                                    }
                                    continue;
                                }
                                long after = System.nanoTime();
                                if (now >= measureFrom) {
                                    recorder.recordValue(after - now);
                                }
                            }
                        } catch (Exception e) {
                            errors.add(e);
                        } finally {
                            done.countDown();
                        }
                    },
                    "pg-sender-" + t);
            thread.start();
        }
        done.await();
        double generatorCpu = Latency.cpuPercent(cpuBefore, Latency.processCpuNanos(), System.nanoTime() - start);
        if (!errors.isEmpty()) {
            Exception first = errors.get(0);
            throw new IllegalStateException("a sender failed: " + first.getMessage(), first);
        }
        Histogram histogram = recorder.getIntervalHistogram();
        long count = histogram.getTotalCount();
        return new Result(
                version,
                settings.connections(),
                conversations.length,
                settings.seconds(),
                count,
                failures.get(),
                Math.round(count * 10.0 / settings.seconds()) / 10.0,
                Latency.of(histogram),
                generatorCpu);
    }

    /** One connection's prepared send statement. */
    private final class Sender implements AutoCloseable {

        private final Connection c;
        private final PreparedStatement send;

        Sender(Connection c) throws SQLException {
            this.c = c;
            c.setAutoCommit(true); // the statement is the transaction, as in message-service
            send = c.prepareStatement(statement.sql());
        }

        void send(long conversationId, long staffId) throws SQLException {
            String clientId = UUID.randomUUID().toString();
            Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            // as message-service: id and seq 0 in the envelope, the statement puts the stored ones in
            EventEnvelope<MessageSent> envelope = EventEnvelope.wrap(
                    "message-service",
                    HOTEL,
                    new MessageSent(
                            0,
                            conversationId,
                            0,
                            staffId,
                            BODY,
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            clientId,
                            createdAt,
                            null,
                            null));
            List<String> names = statement.parameters();
            for (int i = 0; i < names.size(); i++) {
                int at = i + 1;
                switch (names.get(i)) {
                    case "hotel" -> send.setString(at, HOTEL);
                    case "c" -> send.setLong(at, conversationId);
                    case "sender" -> send.setLong(at, staffId);
                    case "body" -> send.setString(at, BODY);
                    case "replyTo" -> send.setNull(at, Types.BIGINT);
                    case "clientId" -> send.setString(at, clientId);
                    case "createdAt" -> send.setObject(at, createdAt.atOffset(ZoneOffset.UTC));
                    case "eventId" -> send.setObject(at, envelope.id());
                    case "topic" -> send.setString(at, envelope.eventType().topic());
                    case "key" -> send.setString(at, envelope.key());
                    case "type" -> send.setString(at, envelope.type());
                    case "payload" -> send.setString(at, codec.encodeToString(envelope));
                    case "traceparent" -> send.setString(at, TRACEPARENT);
                    case "mentioned" -> send.setArray(at, send.getConnection().createArrayOf("bigint", new Long[0]));
                    case "mentionKinds" ->
                        send.setArray(at, send.getConnection().createArrayOf("text", new String[0]));
                    default ->
                        throw new IllegalStateException("the send statement has a parameter the bench does not know: :"
                                + names.get(i) + " (update PostgresSendBench with message-service)");
                }
            }
            try (ResultSet rs = send.executeQuery()) {
                if (!rs.next() || !"stored".equals(rs.getString("outcome"))) {
                    throw new IllegalStateException("staff " + staffId + " could not send to " + conversationId);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            send.close();
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
