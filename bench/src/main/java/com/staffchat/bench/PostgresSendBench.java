package com.staffchat.bench;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL's rate of send transactions: message-service's own Flyway migrations applied to a
 * scratch schema, then the statements one send with a client id runs (membership, the client-id
 * lookup, the seq bump, the message insert, the sender's read position, the outbox row, commit)
 * from {@code connections} threads, each on its own connection, closed loop, for a fixed time.
 * The schema is dropped at the end, also after a failure.
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

    // The statements of message-service's send (Participants.requireMember, Messages.earlier,
    // MessageRepository.nextSeq and insert, Participants.markReadUpTo, Outbox.append), with JDBC
    // placeholders. Keep them in step with message-service.
    static final String IS_MEMBER = """
            select exists (select 1 from participant
                           where hotel = ? and conversation_id = ? and staff_id = ?) as member""";
    static final String SELECT = """
            select m.id, m.conversation_id, m.seq, m.sender_id, m.body, m.client_id, m.created_at, m.edited_at,
                   m.deleted_at, r.id as reply_id, r.sender_id as reply_sender_id, r.body as reply_body,
                   r.deleted_at as reply_deleted_at
            """;
    static final String REPLY_JOIN = " left join message r on r.id = m.reply_to_id and r.hotel = m.hotel ";
    static final String FIND_BY_CLIENT_ID = SELECT + " from message m" + REPLY_JOIN
            + " where m.hotel = ? and m.conversation_id = ? and m.sender_id = ? and m.client_id = ?";
    static final String NEXT_SEQ = """
            update conversation set last_seq = last_seq + 1, last_message_at = now()
            where id = ? and hotel = ? returning last_seq""";
    static final String INSERT = """
            with m as (
                insert into message (conversation_id, hotel, seq, sender_id, body, reply_to_id, client_id)
                values (?, ?, ?, ?, ?, ?, ?)
                returning *)
            """ + SELECT + " from m" + REPLY_JOIN;
    static final String MARK_READ = """
            update participant set last_read_message_id = ?, last_read_seq = ?
            where hotel = ? and conversation_id = ? and staff_id = ? and last_read_seq < ?""";
    static final String OUTBOX = """
            insert into outbox (event_id, topic, record_key, event_type, tenant, payload)
            values (?, ?, ?, ?, ?, ?)""";

    static final String BODY = "Room 214 asks for extra towels and a late checkout at 13:00; can housekeeping confirm?";

    private final Settings settings;
    private final EventCodec codec = new EventCodec();

    PostgresSendBench(Settings settings) {
        this.settings = settings;
    }

    Result run() throws Exception {
        if (!Files.isDirectory(settings.migrations())) {
            throw new IllegalArgumentException("no migrations at " + settings.migrations()
                    + " (message-service/src/main/resources/db/migration; run from the repository root)");
        }
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
            try (PreparedStatement staff =
                            c.prepareStatement("insert into staff (hotel, id, display_name) values (?, ?, ?)");
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
                                    c.rollback();
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

    /** One connection's prepared send statements. */
    private final class Sender implements AutoCloseable {

        private final Connection c;
        private final PreparedStatement isMember;
        private final PreparedStatement findByClientId;
        private final PreparedStatement nextSeq;
        private final PreparedStatement insert;
        private final PreparedStatement markRead;
        private final PreparedStatement outbox;

        Sender(Connection c) throws SQLException {
            this.c = c;
            c.setAutoCommit(false);
            isMember = c.prepareStatement(IS_MEMBER);
            findByClientId = c.prepareStatement(FIND_BY_CLIENT_ID);
            nextSeq = c.prepareStatement(NEXT_SEQ);
            insert = c.prepareStatement(INSERT);
            markRead = c.prepareStatement(MARK_READ);
            outbox = c.prepareStatement(OUTBOX);
        }

        void send(long conversationId, long staffId) throws SQLException {
            String clientId = UUID.randomUUID().toString();
            isMember.setString(1, HOTEL);
            isMember.setLong(2, conversationId);
            isMember.setLong(3, staffId);
            try (ResultSet rs = isMember.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new IllegalStateException("staff " + staffId + " is not in conversation " + conversationId);
                }
            }
            findByClientId.setString(1, HOTEL);
            findByClientId.setLong(2, conversationId);
            findByClientId.setLong(3, staffId);
            findByClientId.setString(4, clientId);
            try (ResultSet rs = findByClientId.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalStateException("client id " + clientId + " was already used");
                }
            }
            nextSeq.setLong(1, conversationId);
            nextSeq.setString(2, HOTEL);
            long seq;
            try (ResultSet rs = nextSeq.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
            insert.setLong(1, conversationId);
            insert.setString(2, HOTEL);
            insert.setLong(3, seq);
            insert.setLong(4, staffId);
            insert.setString(5, BODY);
            insert.setNull(6, java.sql.Types.BIGINT);
            insert.setString(7, clientId);
            long messageId;
            Instant createdAt;
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                messageId = rs.getLong("id");
                createdAt = rs.getObject("created_at", java.time.OffsetDateTime.class)
                        .toInstant();
            }
            markRead.setLong(1, messageId);
            markRead.setLong(2, seq);
            markRead.setString(3, HOTEL);
            markRead.setLong(4, conversationId);
            markRead.setLong(5, staffId);
            markRead.setLong(6, seq);
            markRead.executeUpdate();
            EventEnvelope<MessageSent> envelope = EventEnvelope.wrap(
                    "message-service",
                    HOTEL,
                    new MessageSent(
                            messageId,
                            conversationId,
                            seq,
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
            outbox.setObject(1, envelope.id());
            outbox.setString(2, envelope.eventType().topic());
            outbox.setString(3, envelope.key());
            outbox.setString(4, envelope.type());
            outbox.setString(5, HOTEL);
            outbox.setString(6, codec.encodeToString(envelope));
            outbox.executeUpdate();
            c.commit();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement s : List.of(isMember, findByClientId, nextSeq, insert, markRead, outbox)) {
                s.close();
            }
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
