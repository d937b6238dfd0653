package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StepVerdictTest {

    @Test
    void aStepWithinEveryTargetHolds() {
        StepVerdict v = StepVerdict.of(500, 499.8, 7_500, Map.of(), 30, 120, 0, 0);

        assertThat(v.holds()).isTrue();
        assertThat(v.clearlyFails()).isFalse();
        assertThat(v.text()).isEqualTo("holds");
    }

    @Test
    void aSlowP99MissesTheTargetsWithoutStoppingTheSteps() {
        StepVerdict v = StepVerdict.of(500, 498, 7_500, Map.of(), 80, 300, 0, 0);

        assertThat(v.holds()).isFalse();
        assertThat(v.clearlyFails()).isFalse();
        assertThat(v.text())
                .startsWith("misses: ")
                .contains("send p99 80.00 ms > 50")
                .contains("new-message p99");
    }

    @Test
    void oneLostOrDuplicatedMessageMissesTheTargets() {
        assertThat(StepVerdict.of(100, 100, 1_500, Map.of(), 10, 20, 1, 0).holds())
                .isFalse();
        assertThat(StepVerdict.of(100, 100, 1_500, Map.of(), 10, 20, 0, 1).holds())
                .isFalse();
    }

    @Test
    void stepsStopWhenTheSystemAcceptsUnderFourFifthsOfTheAskedRate() {
        // issue 15's measurement: asked 100/s, accepted 39/s
        StepVerdict v = StepVerdict.of(100, 39, 1_500, Map.of("HttpTimeoutException", 300L), 15_000, 50_000, 0, 0);

        assertThat(v.clearlyFails()).isTrue();
        assertThat(v.text()).startsWith("fails clearly: ").contains("achieved 39 of 100/s");
    }

    @Test
    void stepsStopWhenSendP99PassesTwoSecondsEvenAtTheAskedRate() {
        assertThat(StepVerdict.of(250, 249, 3_750, Map.of(), 2_500, 2_600, 0, 0).clearlyFails())
                .isTrue();
        assertThat(StepVerdict.of(250, 210, 3_750, Map.of(), 1_500, 1_600, 0, 0).clearlyFails())
                .isFalse();
    }

    @Test
    void refusalsOverOneInAThousandMissTheTargets() {
        assertThat(StepVerdict.of(1000, 990, 15_000, Map.of("429", 15L), 10, 20, 0, 0)
                        .holds())
                .isTrue();
        assertThat(StepVerdict.of(1000, 990, 15_000, Map.of("429", 16L), 10, 20, 0, 0)
                        .holds())
                .isFalse();
    }
}
