package com.staffchat.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code reactedByMe} is the caller's view: in API answers only, never in an event's JSON. */
class ReactionSummaryTest {

    static final EventCodec CODEC = new EventCodec();

    @Test
    void anEventNeverCarriesReactedByMe() {
        ReactionSummary seenByCaller = new ReactionSummary("👍", 2, List.of(3L, 2L), true);
        ReactionAdded added = new ReactionAdded(
                9L, 7L, 3L, 2L, "👍", List.of(seenByCaller.forEveryone()), Instant.parse("2026-11-24T08:15:30Z"));

        String json = CODEC.encodeToString(EventEnvelope.wrap("message-service", "grand-budapest", added));

        assertThat(json).doesNotContain("reactedByMe").contains("{\"emoji\":\"👍\",\"count\":2,\"staffIds\":[3,2]}");
        assertThat(((ReactionAdded) CODEC.decode(json).data()).reactions())
                .containsExactly(new ReactionSummary("👍", 2, List.of(3L, 2L)));
    }

    @Test
    void forEveryoneDropsOnlyTheCallersView() {
        ReactionSummary mine = new ReactionSummary("🎉", 1, List.of(2L), false);
        assertThat(mine.forEveryone()).isEqualTo(new ReactionSummary("🎉", 1, List.of(2L), null));
        assertThat(mine.forEveryone().reactedByMe()).isNull();
    }
}
