package com.staffchat.realtime.app;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Reads {@code realtime.apps} at start (the server does not serve before the first read succeeds),
 * again whenever PostgreSQL notifies a change, and every poll interval, handing each result to the
 * directory. A failed poll keeps the
 * apps of the last good one and is retried at the next interval.
 */
final class StoredApps implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoredApps.class);

    private static final Duration FIRST_READ_TIMEOUT = Duration.ofSeconds(30);

    static final String CHANNEL = "realtime_apps_changed";

    private final DatabaseClient database;

    /** The pool's underlying factory: the listening connection must not be a pooled one. */
    private final ConnectionFactory unpooled;

    private final ReloadingAppDirectory directory;

    private final Duration pollInterval;

    private volatile Disposable polling;

    StoredApps(ConnectionFactory connections, ReloadingAppDirectory directory, AppsFromDatabaseProperties properties) {
        this.database = DatabaseClient.create(connections);
        this.unpooled = connections instanceof Wrapped<?> pool && pool.unwrap() instanceof ConnectionFactory target
                ? target
                : connections;
        this.directory = directory;
        this.pollInterval = properties.pollInterval();
    }

    Mono<List<StoredApp>> read() {
        return database.sql(
                        "select id, key, secret, enabled, max_connections, api_requests_per_second, client_events_per_second,"
                                + " sign_in_deadline_seconds, max_presence_members from apps order by id")
                .map(row -> new StoredApp(
                        row.get("id", String.class),
                        row.get("key", String.class),
                        row.get("secret", String.class),
                        Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                        row.get("max_connections", Integer.class),
                        row.get("api_requests_per_second", Integer.class),
                        row.get("client_events_per_second", Integer.class),
                        row.get("sign_in_deadline_seconds", Integer.class),
                        row.get("max_presence_members", Integer.class)))
                .all()
                .collectList();
    }

    @Override
    public void start() {
        directory.replaceStored(read().block(FIRST_READ_TIMEOUT));
        // A read on every tick and on every notification; a burst of notifications costs one read, not one each.
        polling = Flux.merge(Flux.interval(pollInterval, pollInterval, Schedulers.parallel()), notifications())
                .onBackpressureLatest()
                .concatMap(
                        signal -> read().doOnNext(directory::replaceStored).onErrorResume(error -> {
                            log.warn(
                                    "Could not read realtime.apps; keeping the apps of the last read: {}",
                                    error.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
    }

    /**
     * One signal per {@code NOTIFY realtime_apps_changed} (sent by a trigger on the table), from a
     * dedicated connection outside the pool; reconnects with back-off when it drops. The poll covers
     * whatever is missed meanwhile.
     */
    private Flux<Long> notifications() {
        return Flux.usingWhen(
                        Mono.from(unpooled.create()),
                        connection -> {
                            if (!(connection instanceof PostgresqlConnection postgres)) {
                                log.info("Not a PostgreSQL connection; apps are re-read every {} only", pollInterval);
                                return Flux.never();
                            }
                            // one read as soon as LISTEN is in place (at start and after every reconnect): a change
                            // made between the last read and LISTEN would otherwise wait for the poll (an hour in a
                            // test, where CI once saw a stored app not served within 5 s)
                            return postgres.createStatement("LISTEN " + CHANNEL)
                                    .execute()
                                    .flatMap(PostgresqlResult::getRowsUpdated)
                                    .thenMany(postgres.getNotifications()
                                            .map(notification -> 0L)
                                            .startWith(0L));
                        },
                        connection -> connection.close())
                .concatWith(Mono.error(new IllegalStateException("notification connection closed")))
                .doOnError(error -> log.info("Listening for app changes failed ({}); retrying", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)));
    }

    @Override
    public void stop() {
        Disposable running = polling;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = polling;
        return running != null && !running.isDisposed();
    }

    /** Before the web server starts, so the first connections already find stored apps. */
    @Override
    public int getPhase() {
        return 0;
    }
}
