/**
 * A benchmark harness, not a test: {@link com.staffchat.realtime.bench.RealtimeBenchmark} starts the
 * server as its own process and measures it over loopback. docs/benchmarks.md has the command.
 */
package com.staffchat.realtime.bench;
