package com.staffchat.support.consumer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The W3C trace context a record carries in its {@code traceparent} header (message-service's
 * outbox relay puts it there), so the log lines about one record carry its trace id (MDC key
 * {@code traceId}, the key Micrometer Tracing and Spring Boot's log pattern use).
 */
public final class RecordTrace {

    /** The Kafka header (and HTTP header) holding the W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** The MDC key of the trace id. */
    public static final String TRACE_ID = "traceId";

    private static final Pattern VALID =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}.*");

    private RecordTrace() {}

    /** The record's {@code traceparent} if it has a well-formed one (version 00 layout), else null. */
    public static @Nullable String traceparent(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII).trim();
        return VALID.matcher(value).matches() && !value.startsWith("ff") ? value : null;
    }

    /** The trace id of a well-formed {@code traceparent}, else null. */
    public static @Nullable String traceId(@Nullable String traceparent) {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    /** The record's trace id, else null. */
    public static @Nullable String traceId(ConsumerRecord<?, ?> record) {
        return traceId(traceparent(record));
    }

    /**
     * Puts {@code traceId} in the MDC until closed (nothing when null), restoring what was there:
     * {@code try (var trace = RecordTrace.inLogs(id)) { log... }}.
     */
    public static InLogs inLogs(@Nullable String traceId) {
        if (traceId == null) {
            return () -> {};
        }
        String previous = MDC.get(TRACE_ID);
        MDC.put(TRACE_ID, traceId);
        return () -> {
            if (previous == null) {
                MDC.remove(TRACE_ID);
            } else {
                MDC.put(TRACE_ID, previous);
            }
        };
    }

    /** The MDC entry's lifetime; closing it restores the previous trace id. */
    @FunctionalInterface
    public interface InLogs extends AutoCloseable {
        @Override
        void close();
    }
}
