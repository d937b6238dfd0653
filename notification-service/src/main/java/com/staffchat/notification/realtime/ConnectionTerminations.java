package com.staffchat.notification.realtime;

import com.pusher.rest.data.Result;
import com.staffchat.support.consumer.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends every realtime connection a person signed in with ({@code POST
 * /apps/{id}/users/{hotel}:{staffId}/terminate_connections}): for a deactivated person, and for
 * someone removed from (or leaving) a conversation, whose open subscription to its channel must end
 * (the client connects again and authorizes its channels anew; message-service refuses the one they
 * left). Idempotent, so at-least-once delivery needs no deduplication. An outage of the Pusher API
 * throws {@link DependencyUnavailableException} (waited out), a refusal {@link
 * RealtimePublisher.RealtimeDeliveryException} (dead-lettered).
 */
@Component
class ConnectionTerminations {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTerminations.class);

    private final RealtimePublisher publisher;
    private final MeterRegistry meters;

    ConnectionTerminations(RealtimePublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.meters = meters;
    }

    void terminate(String hotel, long staffId, String why) {
        String userId = UserAuthController.userId(hotel, staffId);
        // hotel slugs and ids need no escaping; ':' is allowed in a path segment
        String path = "/users/" + userId + "/terminate_connections";
        Result result = publisher.pusher().post(path, "{}");
        meters.counter(
                        "staffchat.realtime.terminations",
                        "outcome",
                        result.getStatus().name().toLowerCase())
                .increment();
        if (result.getStatus() != Result.Status.SUCCESS) {
            String reason = "Pusher refused terminate_connections for " + userId + ": " + result.getStatus() + " "
                    + result.getHttpStatus() + " " + result.getMessage();
            // the same classification as triggers: an outage waits (partition paused), a refusal is dead-lettered
            if (RealtimePublisher.isOutage(result.getHttpStatus())) {
                throw new DependencyUnavailableException(reason);
            }
            throw new RealtimePublisher.RealtimeDeliveryException(reason);
        }
        log.info("Ended the realtime connections of user {} ({})", userId, why);
    }
}
