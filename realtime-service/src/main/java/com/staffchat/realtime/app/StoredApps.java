package com.staffchat.realtime.app;

import java.time.Duration;
import java.util.List;

import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reads {@code realtime.apps} at start (the server does not serve before the first read succeeds)
 * and again every poll interval, handing each result to the directory. A failed poll keeps the
 * apps of the last good one and is retried at the next interval.
 */
final class StoredApps implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StoredApps.class);

	private static final Duration FIRST_READ_TIMEOUT = Duration.ofSeconds(30);

	private final DatabaseClient database;

	private final ReloadingAppDirectory directory;

	private final Duration pollInterval;

	private volatile Disposable polling;

	StoredApps(ConnectionFactory connections, ReloadingAppDirectory directory, AppsFromDatabaseProperties properties) {
		this.database = DatabaseClient.create(connections);
		this.directory = directory;
		this.pollInterval = properties.pollInterval();
	}

	Mono<List<StoredApp>> read() {
		return database
			.sql("select id, key, secret, enabled, max_connections, api_requests_per_second, client_events_per_second"
					+ " from apps order by id")
			.map(row -> new StoredApp(row.get("id", String.class), row.get("key", String.class),
					row.get("secret", String.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
					row.get("max_connections", Integer.class), row.get("api_requests_per_second", Integer.class),
					row.get("client_events_per_second", Integer.class)))
			.all()
			.collectList();
	}

	@Override
	public void start() {
		directory.replaceStored(read().block(FIRST_READ_TIMEOUT));
		polling = Flux.interval(pollInterval, pollInterval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap(tick -> read().doOnNext(directory::replaceStored).onErrorResume(error -> {
				log.warn("Could not read realtime.apps; keeping the apps of the last read: {}", error.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
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
