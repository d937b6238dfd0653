package com.staffchat.realtime.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The apps from configuration merged with those from the database, replaced as a whole on every
 * reload (readers see one consistent snapshot, without locks). Configuration wins: a stored app
 * whose id or key a configured app already uses is ignored, with a warning. A reload that removes or
 * disables apps publishes {@link AppsWithdrawn}.
 */
public final class ReloadingAppDirectory implements AppDirectory {

    private static final Logger log = LoggerFactory.getLogger(ReloadingAppDirectory.class);

    private final List<App> configured;

    private final AppLimits defaults;

    private final ApplicationEventPublisher events;

    private volatile Snapshot snapshot;

    public ReloadingAppDirectory(
            RealtimeProperties properties, DefaultLimitsProperties defaultLimits, ApplicationEventPublisher events) {
        this.defaults = defaultLimits.limits(properties.clientEventsPerSecond(), properties.maxPresenceMembers());
        this.events = events;
        this.configured = properties.apps().stream()
                .map(app -> new App(
                        app.id(),
                        app.key(),
                        app.secret(),
                        defaults.with(
                                app.maxConnections(),
                                app.apiRequestsPerSecond(),
                                app.clientEventsPerSecond(),
                                app.signInDeadline(),
                                app.maxPresenceMembers())))
                .toList();
        this.snapshot = Snapshot.of(configured, List.of(), List.of());
    }

    @Override
    public Optional<App> byKey(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(snapshot.byKey.get(key));
    }

    @Override
    public Optional<App> byId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(snapshot.byId.get(id));
    }

    @Override
    public boolean isDisabledKey(String key) {
        return key != null && snapshot.disabledKeys.contains(key);
    }

    @Override
    public boolean isDisabledId(String id) {
        return id != null && snapshot.disabledIds.contains(id);
    }

    /** Every enabled app, configured ones first. */
    public List<App> apps() {
        return List.copyOf(snapshot.byId.values());
    }

    /** Replaces the apps that came from the database; returns the apps withdrawn by the change. */
    public synchronized List<AppsWithdrawn.Withdrawal> replaceStored(List<StoredApp> stored) {
        Set<String> takenIds = new HashSet<>();
        Set<String> takenKeys = new HashSet<>();
        configured.forEach(app -> {
            takenIds.add(app.id());
            takenKeys.add(app.key());
        });
        List<App> enabled = new ArrayList<>();
        List<App> disabled = new ArrayList<>();
        for (StoredApp row : stored) {
            if (!takenIds.add(row.id()) || !takenKeys.add(row.key())) {
                log.warn("Ignoring stored app {}: its id or key is already used by another app", row);
                continue;
            }
            App app;
            try {
                app = new App(
                        row.id(),
                        row.key(),
                        row.secret(),
                        defaults.with(
                                row.maxConnections(),
                                row.apiRequestsPerSecond(),
                                row.clientEventsPerSecond(),
                                row.signInDeadlineSeconds() == null
                                        ? null
                                        : Duration.ofSeconds(row.signInDeadlineSeconds()),
                                row.maxPresenceMembers()));
            } catch (IllegalArgumentException ex) {
                log.warn("Ignoring stored app {}: {}", row, ex.getMessage());
                continue;
            }
            (row.enabled() ? enabled : disabled).add(app);
        }
        List<App> all = new ArrayList<>(configured);
        all.addAll(enabled);
        Snapshot next = Snapshot.of(
                all,
                disabled.stream().map(App::key).toList(),
                disabled.stream().map(App::id).toList());
        Snapshot previous = snapshot;
        snapshot = next;
        List<AppsWithdrawn.Withdrawal> withdrawn = new ArrayList<>();
        for (App before : previous.byId.values()) {
            App after = next.byId.get(before.id());
            if (after != null && after.key().equals(before.key())) {
                continue;
            }
            boolean disabledNow = next.disabledIds.contains(before.id()) && next.disabledKeys.contains(before.key());
            withdrawn.add(new AppsWithdrawn.Withdrawal(
                    before, disabledNow ? AppsWithdrawn.Reason.DISABLED : AppsWithdrawn.Reason.REMOVED));
        }
        if (!withdrawn.isEmpty()) {
            log.info("Apps withdrawn by reload: {}", withdrawn);
            events.publishEvent(new AppsWithdrawn(List.copyOf(withdrawn)));
        }
        if (!previous.byId.keySet().equals(next.byId.keySet())) {
            log.info("Serving apps {}", next.byId.keySet());
        }
        return withdrawn;
    }

    private record Snapshot(
            Map<String, App> byKey, Map<String, App> byId, Set<String> disabledKeys, Set<String> disabledIds) {

        static Snapshot of(List<App> apps, List<String> disabledKeys, List<String> disabledIds) {
            Map<String, App> byKey = new HashMap<>();
            Map<String, App> byId = new LinkedHashMap<>();
            for (App app : apps) {
                if (byKey.putIfAbsent(app.key(), app) != null) {
                    throw new IllegalArgumentException(
                            "Two apps share the key '" + app.key() + "' in staffchat.realtime.apps");
                }
                if (byId.putIfAbsent(app.id(), app) != null) {
                    throw new IllegalArgumentException(
                            "Two apps share the id '" + app.id() + "' in staffchat.realtime.apps");
                }
            }
            return new Snapshot(
                    Map.copyOf(byKey),
                    Collections.unmodifiableMap(byId),
                    Set.copyOf(disabledKeys),
                    Set.copyOf(disabledIds));
        }
    }
}
