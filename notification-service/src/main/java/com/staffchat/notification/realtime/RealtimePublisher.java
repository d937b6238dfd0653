package com.staffchat.notification.realtime;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.support.consumer.DependencyUnavailableException;
import com.staffchat.support.consumer.RecordTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Triggers events through the Pusher HTTP API (pusher-http-java): our realtime-service locally,
 * Pusher itself in production, by configuration alone. Blocking: called from the Kafka listener's
 * bounded pool of call threads ({@link ConversationEventListener}) and listener threads, never from
 * an event loop. Its connection pool holds a connection for each call that may be in flight.
 */
@Component
public class RealtimePublisher {

    /** The per-hop timer the pipeline benchmark reads; {@code hop} tells the hop. */
    public static final String HOP_TIMER = "staffchat.pipeline.hop";

    private static final ThreadLocal<String> TRACEPARENT = new ThreadLocal<>();

    private final Pusher pusher;
    private final MeterRegistry meters;
    private final Timer callTimer;

    RealtimePublisher(NotificationProperties properties, MeterRegistry meters) {
        var settings = properties.pusher();
        this.pusher = new Pusher(settings.url());
        this.pusher.setDataMarshaller(new JacksonDataMarshaller());
        this.pusher.setRequestTimeout((int) settings.requestTimeout().toMillis());
        var connections = new PoolingHttpClientConnectionManager();
        connections.setMaxTotal(settings.callsInFlight() + 2);
        connections.setDefaultMaxPerRoute(settings.callsInFlight() + 2);
        this.pusher.configureHttpClient(Pusher.defaultHttpClientBuilder()
                .setConnectionManager(connections)
                // the W3C trace context of the record a call is for, when the call is for one trace only
                .addInterceptorLast((HttpRequestInterceptor) (request, context) -> {
                    String traceparent = TRACEPARENT.get();
                    if (traceparent != null) {
                        request.setHeader(RecordTrace.TRACEPARENT, traceparent);
                    }
                }));
        this.meters = meters;
        this.callTimer = hopTimer(meters, "realtime.trigger");
    }

    static Timer hopTimer(MeterRegistry meters, String hop) {
        return Timer.builder(HOP_TIMER)
                .description("Time spent in one hop of the message pipeline")
                .tag("hop", hop)
                .register(meters);
    }

    Pusher pusher() {
        return pusher;
    }

    /** Sends one event; throws {@link DependencyUnavailableException} when the Pusher API is unavailable, {@link RealtimeDeliveryException} when it refused this event. */
    public void trigger(RealtimeEvent event) {
        triggerBatch(List.of(event), null);
    }

    /**
     * Sends up to 10 events in one call ({@code batch_events}; one event goes as a plain trigger),
     * delivered in list order. A refusal refuses the whole call: Pusher publishes none of them.
     *
     * @param traceparent W3C trace context sent as the call's {@code traceparent} header, or null
     */
    void triggerBatch(List<RealtimeEvent> events, @Nullable String traceparent) {
        if (events.size() == 1) {
            RealtimeEvent event = events.get(0);
            call(events, traceparent, () -> pusher.trigger(event.channel(), event.name(), event.data()));
            return;
        }
        List<Event> batch = events.stream()
                .map(e -> new Event(e.channel(), e.name(), e.data()))
                .toList();
        call(events, traceparent, () -> pusher.trigger(batch));
    }

    /** Sends one event to up to 100 channels in one call (the fan-out of a group's membership). */
    void triggerToChannels(List<String> channels, String name, Map<String, Object> data, @Nullable String traceparent) {
        call(
                channels.stream().map(c -> new RealtimeEvent(c, name, data)).toList(),
                traceparent,
                () -> pusher.trigger(channels, name, data));
    }

    private void call(List<RealtimeEvent> events, @Nullable String traceparent, Supplier<Result> send) {
        Result result;
        TRACEPARENT.set(traceparent);
        long start = System.nanoTime();
        try {
            result = send.get();
        } finally {
            callTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            TRACEPARENT.remove();
        }
        String outcome = result.getStatus().name().toLowerCase();
        for (RealtimeEvent event : events) {
            meters.counter("staffchat.realtime.triggers", "event", event.name(), "outcome", outcome)
                    .increment();
        }
        if (result.getStatus() == Result.Status.SUCCESS) {
            return;
        }
        RealtimeEvent first = events.get(0);
        String what = events.size() == 1
                ? first.name() + " on " + first.channel()
                : events.size() + " events (" + first.name() + " on " + first.channel() + ", ...)";
        String reason = "Pusher refused " + what + ": " + result.getStatus() + " " + result.getHttpStatus() + " "
                + result.getMessage();
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
