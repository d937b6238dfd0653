package com.staffchat.notification.realtime;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.consumer.DependencyUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Triggers events through the Pusher HTTP API (pusher-http-java): our realtime-service locally,
 * Pusher itself in production, by configuration alone. Called from Kafka listener threads, never
 * from an event loop, so the blocking client is fine here.
 */
@Component
public class RealtimePublisher {

    private final Pusher pusher;
    private final MeterRegistry meters;

    RealtimePublisher(NotificationProperties properties, MeterRegistry meters) {
        this.pusher = new Pusher(properties.pusher().url());
        this.pusher.setDataMarshaller(new JacksonDataMarshaller());
        this.meters = meters;
    }

    Pusher pusher() {
        return pusher;
    }

    /** Sends one event; throws {@link DependencyUnavailableException} when the Pusher API is unavailable, {@link RealtimeDeliveryException} when it refused this event. */
    public void trigger(RealtimeEvent event) {
        Result result = pusher.trigger(event.channel(), event.name(), event.data());
        meters.counter(
                        "staffchat.realtime.triggers",
                        "event",
                        event.name(),
                        "outcome",
                        result.getStatus().name().toLowerCase())
                .increment();
        if (result.getStatus() == Result.Status.SUCCESS) {
            return;
        }
        String reason = "Pusher refused " + event.name() + " on " + event.channel() + ": " + result.getStatus() + " "
                + result.getHttpStatus() + " " + result.getMessage();
        if (isOutage(result.getHttpStatus())) {
            throw new DependencyUnavailableException(reason);
        }
        throw new RealtimeDeliveryException(reason);
    }

    /**
     * Whether a failed trigger says the Pusher API is unavailable to every event (no answer, 5xx,
     * 429, and 401/403/404, which mean credentials, quota or app id are wrong for all of them)
     * rather than refusing this one (any other 4xx, such as 400 for a bad channel name or 413 for
     * an event too large). The first is retried until it is over; the second goes to the dead
     * letters after a short retry.
     */
    static boolean isOutage(Integer httpStatus) {
        if (httpStatus == null) {
            return true; // network error: connection refused, reset, timed out
        }
        int code = httpStatus;
        return code >= 500 || code == 429 || code == 401 || code == 403 || code == 404 || code < 400;
    }

    /** Pusher refused one event for a reason of its own (a 4xx other than 401, 403, 404 and 429). */
    public static class RealtimeDeliveryException extends RuntimeException {
        RealtimeDeliveryException(String message) {
            super(message);
        }
    }
}
