package com.staffchat.support.consumer;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Tells a dependency outage (retry until it is over, never dead-letter) from a failure of the
 * record itself (retry briefly, then dead-letter so it cannot hold up its partition). Looks through
 * the whole cause chain, since listener and handler exceptions wrap the one that matters.
 */
public final class FailureClassifier {

    /** Outage types named rather than linked, so no driver has to be on the classpath. */
    private static final Set<String> OUTAGE_TYPE_NAMES = Set.of(
            "io.r2dbc.spi.R2dbcTransientException",
            "io.r2dbc.spi.R2dbcTransientResourceException",
            "io.r2dbc.spi.R2dbcNonTransientResourceException",
            "io.r2dbc.spi.R2dbcTimeoutException",
            "org.apache.kafka.common.errors.RetriableException");

    private FailureClassifier() {}

    /**
     * True when {@code failure} says a dependency is unavailable: {@link DependencyUnavailableException},
     * a network failure (connection refused, reset, timeouts), a timeout, or a database resource failure.
     */
    public static boolean isDependencyOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DependencyUnavailableException
                    || t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || namedOutage(t.getClass())) {
                return true;
            }
        }
        return false;
    }

    private static boolean namedOutage(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (OUTAGE_TYPE_NAMES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
