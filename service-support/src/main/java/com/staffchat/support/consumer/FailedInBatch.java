package com.staffchat.support.consumer;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What a batch listener throws when a record of its batch failed: the error handler commits the
 * records before {@code index}, retries (or dead-letters) the record at {@code index} exactly as it
 * would a record listener's, and delivers the rest again. Every record before {@code index} must
 * have had its effect.
 *
 * <p>Its class says what kind of failure it is ({@link FailureClassifier}): the error handler starts
 * a fresh back-off when the class of the failure changes, and a batch listener's failure is always
 * a {@link BatchListenerFailedException}, so without the two classes an outage that turns into a
 * refusal of the record would keep the outage's unlimited retries (and a refusal that turns into an
 * outage would spend the record's budget and be dead-lettered during the outage).
 */
public abstract sealed class FailedInBatch extends BatchListenerFailedException
        permits FailedInBatch.DependencyOutage, FailedInBatch.RecordFailure {

    private FailedInBatch(String message, Throwable cause, int index) {
        super(message, cause, index);
    }

    /** The failure of the record at {@code index} of the batch the listener received. */
    public static FailedInBatch at(int index, Throwable cause) {
        String message = "record " + index + " of the batch failed: " + cause;
        return FailureClassifier.isDependencyOutage(cause)
                ? new DependencyOutage(message, cause, index)
                : new RecordFailure(message, cause, index);
    }

    /** A dependency was unavailable: retried until it is back, never dead-lettered. */
    public static final class DependencyOutage extends FailedInBatch {
        private DependencyOutage(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    /** The record itself failed: retried briefly, then dead-lettered. */
    public static final class RecordFailure extends FailedInBatch {
        private RecordFailure(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }
}
