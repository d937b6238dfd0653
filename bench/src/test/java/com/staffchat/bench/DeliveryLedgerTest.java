package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void anAcknowledgedMessageNeverDeliveredIsLostAndOneDeliveredTwiceIsADuplicate() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.sent("a", 1, ms(0));
        ledger.sent("b", 1, ms(10));
        ledger.sent("c", 1, ms(20));
        ledger.answered("a", "201", true, ms(5));
        ledger.answered("b", "201", true, ms(15));
        ledger.answered("c", "201", true, ms(25));
        ledger.delivered("a", ms(30));
        ledger.delivered("c", ms(40));
        ledger.delivered("c", ms(41));

        DeliveryLedger.Summary s = ledger.summary(1, ms(100));

        assertThat(s.sent()).isEqualTo(3);
        assertThat(s.acknowledged()).isEqualTo(3);
        assertThat(s.delivered()).isEqualTo(2);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.duplicated()).isEqualTo(1);
        assertThat(ledger.undelivered(1)).isEqualTo(1);
    }

    @Test
    void aRefusedSendIsAnErrorByStatusAndNotLost() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.sent("a", 2, ms(0));
        ledger.sent("b", 2, ms(0));
        ledger.sent("c", 2, ms(0));
        ledger.answered("a", "429", false, ms(3));
        ledger.answered("b", "HttpTimeoutException", false, ms(10_000));

        DeliveryLedger.Summary s = ledger.summary(2, ms(100));

        assertThat(s.errors())
                .containsEntry("429", 1L)
                .containsEntry("HttpTimeoutException", 1L)
                .containsEntry("no answer yet", 1L);
        assertThat(s.lost()).isZero();
        assertThat(s.acknowledged()).isZero();
    }

    @Test
    void aDeliveryBeforeTheAnswerStillCountsAndLatencyIsFromTheIntendedTime() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.sent("a", 3, ms(1_000));
        ledger.delivered("a", ms(1_040)); // the WebSocket frame can beat the HTTP answer
        ledger.answered("a", "201", true, ms(1_050));

        DeliveryLedger.Summary s = ledger.summary(3, ms(2_000));

        assertThat(s.lost()).isZero();
        assertThat(ledger.undelivered(3)).isZero();
        assertThat(s.newMessage().p50()).isCloseTo(40.0, offset(0.1));
        assertThat(s.send().p50()).isCloseTo(50.0, offset(0.1));
    }

    @Test
    void onlyAnswersBeforeTheStepsEndCountForTheAchievedRate() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.sent("a", 4, ms(0));
        ledger.sent("b", 4, ms(900));
        ledger.answered("a", "201", true, ms(10));
        ledger.answered("b", "201", true, ms(3_000));

        DeliveryLedger.Summary s = ledger.summary(4, ms(1_000));

        assertThat(s.acknowledged()).isEqualTo(2);
        assertThat(s.acknowledgedBy()).isEqualTo(1);
    }

    @Test
    void stepsAreCountedApartAndForeignFramesAreCountedAsUnknown() {
        DeliveryLedger ledger = new DeliveryLedger();
        ledger.sent("a", 1, ms(0));
        ledger.sent("b", 2, ms(0));
        ledger.answered("a", "201", true, ms(1));
        ledger.answered("b", "201", true, ms(1));
        ledger.delivered("b", ms(2));
        ledger.delivered("someone else's", ms(2));
        ledger.delivered(null, ms(2));

        assertThat(ledger.summary(1, ms(10)).lost()).isEqualTo(1);
        assertThat(ledger.summary(2, ms(10)).lost()).isZero();
        assertThat(ledger.undelivered()).isEqualTo(1);
        assertThat(ledger.unknownDeliveries()).isEqualTo(2);
    }
}
