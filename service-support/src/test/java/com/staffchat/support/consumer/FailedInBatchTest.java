package com.staffchat.support.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FailedInBatchTest {

    @Test
    void anOutageAndARecordFailureAreOfDifferentClassesSoTheErrorHandlerRestartsTheBackOffBetweenThem() {
        var outage = FailedInBatch.at(
                3, new EventHandlingException("h", UUID.randomUUID(), new DependencyUnavailableException("503")));
        var refused = FailedInBatch.at(
                3, new EventHandlingException("h", UUID.randomUUID(), new IllegalStateException("413")));

        assertThat(outage).isInstanceOf(FailedInBatch.DependencyOutage.class);
        assertThat(refused).isInstanceOf(FailedInBatch.RecordFailure.class);
        assertThat(outage.getClass()).isNotEqualTo(refused.getClass());
        assertThat(FailureClassifier.isDependencyOutage(outage)).isTrue();
        assertThat(FailureClassifier.isDependencyOutage(refused)).isFalse();
    }

    @Test
    void carriesTheIndexOfTheFailedRecordAndItsCause() {
        var cause = new IOException("connection refused");
        var failure = FailedInBatch.at(7, cause);

        assertThat(failure.getIndex()).isEqualTo(7);
        assertThat(failure.getCause()).isSameAs(cause);
        assertThat(failure).isInstanceOf(FailedInBatch.DependencyOutage.class);
    }
}
