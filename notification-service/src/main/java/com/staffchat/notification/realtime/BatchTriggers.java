package com.staffchat.notification.realtime;

import com.staffchat.support.consumer.FailureClassifier;
import com.staffchat.support.consumer.RecordTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the realtime events of one Kafka batch in as few Pusher API calls as Pusher allows, several
 * calls at once, in each conversation's order.
 *
 * <p>Each record belongs to a lane (its key: the conversation). A lane's events go out in record
 * order and never in two calls at once: a lane is busy while a call holds any of its events. Calls
 * are formed from the heads of free lanes: single-channel events of several lanes share one
 * {@code batch_events} call (up to {@code maxEventsPerBatch}, realtime-service and Pusher deliver a
 * batch in its order); an event that goes to many channels with the same data (a group's
 * membership) is one trigger per {@code maxChannelsPerTrigger} channels.
 *
 * <p>Failures: an outage (no answer, 5xx, 429, 401/403/404) stops new calls; what has not been sent
 * stays pending. A refused call of several events is split: each of its events is sent again alone,
 * so only the event Pusher refuses fails (a refused call publishes none of its events), and its lane
 * stops there, since later events of that conversation must not overtake it.
 */
final class BatchTriggers {

    private static final Logger log = LoggerFactory.getLogger(BatchTriggers.class);

    /** One record's share of the batch: its events, and what became of them. */
    static final class Item {
        final int index;
        final String lane;
        final @Nullable String traceparent;
        final List<RealtimeEvent> events;
        int unsent;

        @Nullable
        RuntimeException failure;

        Item(int index, String lane, @Nullable String traceparent, List<RealtimeEvent> events) {
            this.index = index;
            this.lane = lane;
            this.traceparent = traceparent;
            this.events = events;
        }

        boolean delivered() {
            return unsent == 0 && failure == null;
        }

        @Nullable
        String traceId() {
            return RecordTrace.traceId(traceparent);
        }
    }

    /** What one call carries: single-channel events, or one event to several channels. */
    private static final class Unit {
        final Item item;
        final List<String> channels;
        final String name;
        final Map<String, Object> data;
        boolean alone;

        Unit(Item item, List<String> channels, String name, Map<String, Object> data) {
            this.item = item;
            this.channels = channels;
            this.name = name;
            this.data = data;
        }

        boolean fanOut() {
            return channels.size() > 1;
        }

        RealtimeEvent event() {
            return new RealtimeEvent(channels.get(0), name, data);
        }
    }

    private static final class Lane {
        final ArrayDeque<Unit> pending = new ArrayDeque<>();
        boolean busy;
        boolean stopped;
    }

    private record Call(List<Unit> units, List<Lane> lanes) {}

    private record Completed(Call call, @Nullable RuntimeException failure) {}

    private final RealtimePublisher publisher;
    private final CompletionService<Completed> calls;
    private final int maxEventsPerBatch;
    private final int maxChannelsPerTrigger;
    private final int callsInFlight;
    private final Consumer<Item> onDelivered;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private @Nullable RuntimeException outage;
    private int inFlight;

    BatchTriggers(
            RealtimePublisher publisher,
            Executor executor,
            int maxEventsPerBatch,
            int maxChannelsPerTrigger,
            int callsInFlight,
            Consumer<Item> onDelivered) {
        this.publisher = publisher;
        this.calls = new ExecutorCompletionService<>(executor);
        this.maxEventsPerBatch = maxEventsPerBatch;
        this.maxChannelsPerTrigger = maxChannelsPerTrigger;
        this.callsInFlight = callsInFlight;
        this.onDelivered = onDelivered;
    }

    /** Sends the items' events; returns the outage that stopped it, if one did (items say the rest). */
    @Nullable
    RuntimeException send(List<Item> items) {
        for (Item item : items) {
            List<Unit> units = units(item);
            item.unsent = units.size();
            if (units.isEmpty()) {
                onDelivered.accept(item);
                continue;
            }
            lanes.computeIfAbsent(item.lane, l -> new Lane()).pending.addAll(units);
        }
        try {
            while (true) {
                while (outage == null && inFlight < callsInFlight) {
                    Call call = nextCall();
                    if (call == null) {
                        break;
                    }
                    inFlight++;
                    calls.submit(() -> run(call));
                }
                if (inFlight == 0) {
                    return outage;
                }
                Completed completed = calls.take().get();
                inFlight--;
                complete(completed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while realtime calls were in flight", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // run() catches everything; not reached
        }
    }

    /** An item's events in order; consecutive events with the same name and data become fan-outs. */
    private List<Unit> units(Item item) {
        List<Unit> units = new ArrayList<>();
        int i = 0;
        List<RealtimeEvent> events = item.events;
        while (i < events.size()) {
            RealtimeEvent first = events.get(i);
            int j = i + 1;
            while (j < events.size()
                    && j - i < maxChannelsPerTrigger
                    && events.get(j).name().equals(first.name())
                    && Objects.equals(events.get(j).data(), first.data())) {
                j++;
            }
            List<String> channels =
                    events.subList(i, j).stream().map(RealtimeEvent::channel).toList();
            units.add(new Unit(item, channels, first.name(), first.data()));
            i = j;
        }
        return units;
    }

    private @Nullable Call nextCall() {
        List<Unit> units = new ArrayList<>();
        List<Lane> used = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (lane.busy || lane.stopped || lane.pending.isEmpty()) {
                continue;
            }
            Unit head = lane.pending.peek();
            if (head.fanOut() || head.alone) {
                if (units.isEmpty()) {
                    lane.busy = true;
                    return new Call(List.of(head), List.of(lane));
                }
                continue;
            }
            for (Unit unit : lane.pending) {
                if (unit.fanOut() || unit.alone || units.size() == maxEventsPerBatch) {
                    break;
                }
                units.add(unit);
            }
            lane.busy = true;
            used.add(lane);
            if (units.size() == maxEventsPerBatch) {
                break;
            }
        }
        return units.isEmpty() ? null : new Call(units, used);
    }

    private Completed run(Call call) {
        List<Unit> units = call.units();
        String traceparent = units.get(0).item.traceparent;
        for (Unit unit : units) {
            if (!Objects.equals(unit.item.traceparent, traceparent)) {
                traceparent = null; // a call for several traces carries none
                break;
            }
        }
        try {
            Unit first = units.get(0);
            if (first.fanOut()) {
                publisher.triggerToChannels(first.channels, first.name, first.data, traceparent);
            } else {
                publisher.triggerBatch(units.stream().map(Unit::event).toList(), traceparent);
            }
            return new Completed(call, null);
        } catch (RuntimeException e) {
            return new Completed(call, e);
        }
    }

    private void complete(Completed completed) {
        Call call = completed.call();
        call.lanes().forEach(lane -> lane.busy = false);
        RuntimeException failure = completed.failure();
        if (failure == null) {
            for (Unit unit : call.units()) {
                lanes.get(unit.item.lane).pending.poll();
                if (--unit.item.unsent == 0) {
                    onDelivered.accept(unit.item);
                }
            }
            return;
        }
        if (FailureClassifier.isDependencyOutage(failure)) {
            if (outage == null) {
                outage = failure;
            }
            return;
        }
        if (call.units().size() > 1) {
            // Pusher published none of them: send each alone to find the one it refuses
            call.units().forEach(unit -> unit.alone = true);
            log.info(
                    "Pusher refused a call of {} events; sending them one by one: {}",
                    call.units().size(),
                    failure.toString());
            return;
        }
        Unit refused = call.units().get(0);
        refused.item.failure = failure;
        lanes.get(refused.item.lane).stopped = true;
        try (var trace = RecordTrace.inLogs(refused.item.traceId())) {
            log.warn(
                    "Pusher refused {} for record {} of the batch: {}",
                    refused.name,
                    refused.item.index,
                    failure.toString());
        }
    }
}
