package com.staffchat.realtime.app;

import java.util.Optional;

/**
 * Finds apps by WebSocket key or HTTP API id. Configuration backs it today; a database-backed
 * directory that reloads without a restart can replace it.
 */
public interface AppDirectory {

	Optional<App> byKey(String key);

	Optional<App> byId(String id);

}
