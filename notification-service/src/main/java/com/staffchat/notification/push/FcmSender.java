package com.staffchat.notification.push;

import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.SendResponse;
import com.staffchat.support.consumer.DependencyUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a {@link PushNotification} through firebase-admin's {@code sendEach}, in chunks of at most
 * 500 tokens, each call on a bounded pool of threads (firebase-admin blocks; never an event loop).
 *
 * <p>Per token: accepted tokens are recorded ({@link PushDeliveries}) so a redelivered event skips
 * them; {@code UNREGISTERED}, and {@code INVALID_ARGUMENT} that names the token, hand the token to
 * {@link DeviceTokenRemoval} (an INVALID_ARGUMENT about the payload removes nothing);
 * {@code UNAVAILABLE}, {@code INTERNAL}, {@code QUOTA_EXCEEDED} (and a 5xx or 429 without a code,
 * or no answer at all) are retried, only those tokens, with exponential back-off that honours
 * {@code Retry-After}, until the retry budget is spent: then the push fails with
 * {@link DependencyUnavailableException}, which the consumer kit treats as an outage (partition
 * paused, event retried until it is over). Any other error is not retried: counted and logged.
 *
 * <p>Metrics: {@code staffchat.push.sent} (tokens FCM accepted) and {@code staffchat.push.failed}
 * with the {@code reason} of every failed attempt (e.g. {@code unregistered}, {@code unavailable},
 * {@code quota_exceeded}, {@code invalid_payload}, {@code http_502}, {@code no_response});
 * {@code staffchat.push.batch}, the messages of each {@code sendEach} call.
 */
public class FcmSender implements AutoCloseable {

    public static final String SENT_METRIC = "staffchat.push.sent";
    public static final String FAILED_METRIC = "staffchat.push.failed";
    public static final String BATCH_METRIC = "staffchat.push.batch";

    private static final Logger log = LoggerFactory.getLogger(FcmSender.class);

    private final FcmProperties settings;
    private final FirebaseMessaging messaging;
    private final FcmPayloads payloads;
    private final PushDeliveries deliveries;
    private final DeviceTokenRemoval removal;
    private final MeterRegistry meters;
    private final Counter sentCounter;
    private final DistributionSummary batchSizes;
    private final Scheduler scheduler;

    public FcmSender(
            FcmProperties settings,
            FirebaseMessaging messaging,
            PushDeliveries deliveries,
            DeviceTokenRemoval removal,
            MeterRegistry meters) {
        this.settings = settings;
        this.messaging = messaging;
        this.payloads = new FcmPayloads(settings.androidChannelId(), settings.timeToLive());
        this.deliveries = deliveries;
        this.removal = removal;
        this.meters = meters;
        this.sentCounter = Counter.builder(SENT_METRIC)
                .description("Pushes FCM accepted, one per device token")
                .register(meters);
        this.batchSizes = DistributionSummary.builder(BATCH_METRIC)
                .description("Messages per sendEach call")
                .register(meters);
        this.scheduler = Schedulers.newBoundedElastic(settings.concurrency(), 100_000, "fcm-send");
    }

    /** What became of one push's tokens. */
    public record Outcome(int sent, int alreadyDelivered, int removed, int failed) {}

    /**
     * Pushes to every token that has not had this event's push yet.
     *
     * @return the outcome; fails with {@link DependencyUnavailableException} when tokens still fail
     *     transiently after the retry budget (those already accepted are not pushed again on retry)
     */
    public Mono<Outcome> send(PushNotification push) {
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + settings.retryBudget().toNanos();
            return deliveries.deliveredAmong(push.eventId(), push.tokens()).flatMap(delivered -> {
                List<String> pending = push.tokens().stream()
                        .filter(t -> !delivered.contains(t))
                        .toList();
                Tally tally = new Tally(delivered.size());
                if (pending.isEmpty()) {
                    return Mono.just(tally.outcome());
                }
                return round(push, pending, 1, deadline, tally);
            });
        });
    }

    @Override
    public void close() {
        scheduler.dispose();
    }

    /** One pass over {@code tokens}, chunk by chunk; then the transient failures again after a pause. */
    private Mono<Outcome> round(PushNotification push, List<String> tokens, int attempt, long deadline, Tally tally) {
        return Flux.fromIterable(chunks(tokens))
                .concatMap(chunk -> sendChunk(push, chunk))
                .collectList()
                .flatMap(results -> {
                    List<String> retry = new ArrayList<>();
                    Duration retryAfter = Duration.ZERO;
                    Map<String, Integer> retryReasons = new TreeMap<>();
                    for (ChunkResult result : results) {
                        tally.add(result);
                        retry.addAll(result.retry());
                        result.retryReasons().forEach((reason, n) -> retryReasons.merge(reason, n, Integer::sum));
                        if (result.retryAfter().compareTo(retryAfter) > 0) {
                            retryAfter = result.retryAfter();
                        }
                    }
                    if (retry.isEmpty()) {
                        return Mono.just(tally.outcome());
                    }
                    Duration backOff = backOff(attempt);
                    Duration wait = retryAfter.compareTo(backOff) > 0 ? retryAfter : backOff;
                    if (System.nanoTime() + wait.toNanos() > deadline) {
                        return Mono.error(new DependencyUnavailableException("FCM still failing for " + retry.size()
                                + " of " + push.tokens().size() + " tokens of event " + push.eventId() + " ("
                                + retryReasons + ") after " + attempt + " attempts; retry budget "
                                + settings.retryBudget() + " spent"));
                    }
                    log.info(
                            "FCM failed transiently for {} tokens of event {} ({}); attempt {} in {} ms",
                            retry.size(),
                            push.eventId(),
                            retryReasons,
                            attempt + 1,
                            wait.toMillis());
                    return Mono.delay(wait).then(Mono.defer(() -> round(push, retry, attempt + 1, deadline, tally)));
                });
    }

    private Mono<ChunkResult> sendChunk(PushNotification push, List<String> chunk) {
        return Mono.fromCallable(() -> sendEach(push, chunk))
                .subscribeOn(scheduler)
                .flatMap(result -> deliveries
                        .record(push, result.sent())
                        .then(result.remove().isEmpty() ? Mono.<Void>empty() : removal.remove(result.remove()))
                        .thenReturn(result));
    }

    /** Blocking: one {@code sendEach} call for one chunk, its answers sorted by what to do next. */
    private ChunkResult sendEach(PushNotification push, List<String> chunk) {
        List<@Nullable FirebaseMessagingException> errors = new ArrayList<>(chunk.size());
        batchSizes.record(chunk.size());
        try {
            for (SendResponse response :
                    messaging.sendEach(payloads.messages(push, chunk)).getResponses()) {
                errors.add(response.isSuccessful() ? null : response.getException());
            }
        } catch (FirebaseMessagingException e) {
            // the call as a whole failed: every token of the chunk shares its error
            errors.clear();
            chunk.forEach(token -> errors.add(e));
        }

        ChunkResult result = new ChunkResult();
        Map<String, Integer> notRetried = new TreeMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            String token = chunk.get(i);
            FirebaseMessagingException error = errors.get(i);
            if (error == null) {
                result.sent().add(token);
                continue;
            }
            Verdict verdict = verdict(error);
            meters.counter(FAILED_METRIC, "reason", verdict.reason()).increment();
            switch (verdict.action()) {
                case REMOVE -> result.remove().add(token);
                case RETRY -> {
                    result.retry().add(token);
                    result.retryReasons().merge(verdict.reason(), 1, Integer::sum);
                    Duration after = retryAfter(error);
                    if (after.compareTo(result.retryAfter()) > 0) {
                        result.retryAfter(after);
                    }
                }
                case FAIL -> notRetried.merge(verdict.reason(), 1, Integer::sum);
            }
        }
        sentCounter.increment(result.sent().size());
        if (!notRetried.isEmpty()) {
            log.warn(
                    "FCM refused {} tokens of event {} for good: {}",
                    notRetried.values().stream().mapToInt(Integer::intValue).sum(),
                    push.eventId(),
                    notRetried);
        }
        result.failed(notRetried.values().stream().mapToInt(Integer::intValue).sum());
        return result;
    }

    private enum Action {
        REMOVE,
        RETRY,
        FAIL
    }

    private record Verdict(Action action, String reason) {}

    private static Verdict verdict(FirebaseMessagingException error) {
        MessagingErrorCode code = error.getMessagingErrorCode();
        if (code != null) {
            String reason = code.name().toLowerCase(Locale.ROOT);
            return switch (code) {
                case UNREGISTERED -> new Verdict(Action.REMOVE, reason);
                case INVALID_ARGUMENT ->
                    blamesToken(error)
                            ? new Verdict(Action.REMOVE, reason)
                            : new Verdict(Action.FAIL, "invalid_payload");
                case UNAVAILABLE, INTERNAL, QUOTA_EXCEEDED -> new Verdict(Action.RETRY, reason);
                default -> new Verdict(Action.FAIL, reason);
            };
        }
        IncomingHttpResponse response = error.getHttpResponse();
        if (response == null) {
            return new Verdict(Action.RETRY, "no_response"); // connection refused, reset, timed out
        }
        int status = response.getStatusCode();
        String reason = "http_" + status;
        return status == 429 || status >= 500 ? new Verdict(Action.RETRY, reason) : new Verdict(Action.FAIL, reason);
    }

    /**
     * Whether an INVALID_ARGUMENT is about the token (FCM: "The registration token is not a valid FCM
     * registration token", or a field violation of {@code message.token}) rather than the payload.
     * A payload at fault is never blamed on the tokens: a bad release would otherwise delete every
     * device it tried to push to.
     */
    private static boolean blamesToken(FirebaseMessagingException error) {
        String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        IncomingHttpResponse response = error.getHttpResponse();
        String content = response == null ? "" : String.valueOf(response.getContent());
        return message.contains("registration token") || content.contains("\"message.token\"");
    }

    /** FCM's {@code Retry-After} (seconds or an HTTP date), or zero. */
    static Duration retryAfter(FirebaseMessagingException error) {
        IncomingHttpResponse response = error.getHttpResponse();
        if (response == null) {
            return Duration.ZERO;
        }
        for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
            if (!"retry-after".equalsIgnoreCase(header.getKey()) || header.getValue() == null) {
                continue;
            }
            Object value = header.getValue();
            String text = value instanceof List<?> list
                    ? (list.isEmpty() ? "" : String.valueOf(list.get(0)))
                    : String.valueOf(value);
            text = text.trim();
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
            } catch (NumberFormatException notSeconds) {
                try {
                    Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                    Duration until = Duration.between(Instant.now(), at);
                    return until.isNegative() ? Duration.ZERO : until;
                } catch (RuntimeException notADate) {
                    return Duration.ZERO;
                }
            }
        }
        return Duration.ZERO;
    }

    /** Exponential from the initial interval, capped, with up to 20% jitter so retries do not march in step. */
    private Duration backOff(int attempt) {
        long initial = settings.retryInitialInterval().toMillis();
        long max = settings.retryMaxInterval().toMillis();
        long millis = Math.min(max, initial << Math.min(attempt - 1, 20));
        return Duration.ofMillis(
                millis + (long) (millis * 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    private List<List<String>> chunks(List<String> tokens) {
        int size = settings.chunkSize();
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i += size) {
            chunks.add(tokens.subList(i, Math.min(tokens.size(), i + size)));
        }
        return chunks;
    }

    /** One chunk's tokens by outcome. */
    private static final class ChunkResult {
        private final List<String> sent = new ArrayList<>();
        private final List<String> remove = new ArrayList<>();
        private final List<String> retry = new ArrayList<>();
        private final Map<String, Integer> retryReasons = new TreeMap<>();
        private Duration retryAfter = Duration.ZERO;
        private int failed;

        List<String> sent() {
            return sent;
        }

        List<String> remove() {
            return remove;
        }

        List<String> retry() {
            return retry;
        }

        Map<String, Integer> retryReasons() {
            return retryReasons;
        }

        Duration retryAfter() {
            return retryAfter;
        }

        void retryAfter(Duration value) {
            retryAfter = value;
        }

        int failed() {
            return failed;
        }

        void failed(int value) {
            failed = value;
        }
    }

    /** A push's outcome across its rounds. */
    private static final class Tally {
        private final int alreadyDelivered;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger removed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        Tally(int alreadyDelivered) {
            this.alreadyDelivered = alreadyDelivered;
        }

        void add(ChunkResult result) {
            sent.addAndGet(result.sent().size());
            removed.addAndGet(result.remove().size());
            failed.addAndGet(result.failed());
        }

        Outcome outcome() {
            return new Outcome(sent.get(), alreadyDelivered, removed.get(), failed.get());
        }
    }
}
