package com.staffchat.message.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.message.outbox.OutboxRelay.Pending;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows of a round the relay may mark sent. */
class OutboxRelayTest {

    static Pending row(long id, String conversation) {
        return new Pending(
                id,
                "staffchat.conversations",
                conversation,
                "staffchat.message.sent",
                "e" + id,
                "h",
                "{}",
                null,
                java.time.Instant.now());
    }

    @Test
    void aFailedRecordKeepsTheLaterRecordsOfItsConversationUnsent() {
        List<Pending> rows = List.of(row(1, "7"), row(2, "7"), row(3, "8"), row(4, "7"), row(5, "8"), row(6, "9"));
        List<Boolean> acknowledged = List.of(true, false, true, true, true, false);

        assertThat(OutboxRelay.sendable(rows, acknowledged)).containsExactly(1L, 3L, 5L);
    }

    @Test
    void everythingAcknowledgedIsMarkedSent() {
        List<Pending> rows = List.of(row(1, "7"), row(2, "8"), row(3, "7"));

        assertThat(OutboxRelay.sendable(rows, List.of(true, true, true))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void rowsNeverHandedToTheProducerStayUnsent() {
        List<Pending> rows = List.of(row(1, "7"), row(2, "8"), row(3, "9"));

        assertThat(OutboxRelay.sendable(rows, List.of(true, false, false))).containsExactly(1L);
    }
}
