/**
 * Operations: per-app metrics, connection and HTTP API quotas, and the graceful drain that spreads
 * reconnections over a window when a node shuts down.
 */
package com.staffchat.realtime.ops;
