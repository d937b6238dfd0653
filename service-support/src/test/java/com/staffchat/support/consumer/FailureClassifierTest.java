package com.staffchat.support.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

class FailureClassifierTest {

    @Test
    void unreachableOrSlowDependenciesAreOutagesWhereverTheyAreInTheCauseChain() {
        assertThat(FailureClassifier.isDependencyOutage(
                        new RuntimeException("listener failed", new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(FailureClassifier.isDependencyOutage(new SocketTimeoutException("Read timed out")))
                .isTrue();
        // Reactor's block(timeout) failing
        assertThat(FailureClassifier.isDependencyOutage(
                        new IllegalStateException("Timeout on blocking read", new TimeoutException())))
                .isTrue();
        assertThat(FailureClassifier.isDependencyOutage(new DataAccessResourceFailureException("database down")))
                .isTrue();
        assertThat(FailureClassifier.isDependencyOutage(new EventHandlingException(
                        "notification-realtime",
                        java.util.UUID.randomUUID(),
                        new DependencyUnavailableException("Pusher answered 503"))))
                .isTrue();
    }

    @Test
    void failuresOfTheRecordItselfAreNotOutages() {
        assertThat(FailureClassifier.isDependencyOutage(new IllegalArgumentException("bad channel name")))
                .isFalse();
        assertThat(FailureClassifier.isDependencyOutage(new DataIntegrityViolationException("duplicate key")))
                .isFalse();
        assertThat(FailureClassifier.isDependencyOutage(new RuntimeException("Pusher refused: 413")))
                .isFalse();
    }
}
