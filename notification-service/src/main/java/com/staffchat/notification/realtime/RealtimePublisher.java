package com.staffchat.notification.realtime;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import com.staffchat.notification.NotificationProperties;
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

    /** Sends one event; throws {@link RealtimeDeliveryException} when Pusher did not accept it, so the caller retries. */
    public void trigger(RealtimeEvent event) {
        Result result = pusher.trigger(event.channel(), event.name(), event.data());
        meters.counter(
                        "staffchat.realtime.triggers",
                        "event",
                        event.name(),
                        "outcome",
                        result.getStatus().name().toLowerCase())
                .increment();
        if (result.getStatus() != Result.Status.SUCCESS) {
            throw new RealtimeDeliveryException("Pusher refused " + event.name() + " on " + event.channel() + ": "
                    + result.getStatus() + " " + result.getHttpStatus() + " " + result.getMessage());
        }
    }

    /** Pusher did not accept an event. */
    public static class RealtimeDeliveryException extends RuntimeException {
        RealtimeDeliveryException(String message) {
            super(message);
        }
    }
}
