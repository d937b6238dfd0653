package com.staffchat.support.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Reactor Netty settings every service starts with, before its server exists (they are JVM system
 * properties, read once when Reactor Netty's classes load). An operator's {@code -D} wins.
 *
 * <p>{@code reactor.netty.http.server.lastFlushWhenNoRead=true}: Reactor Netty 1.3 (we run 1.3.6) can
 * stop reading a kept-alive connection when the next request arrives before the previous request's
 * operations have terminated: the request is queued and nothing resumes the read, so it is never
 * answered (reactor/reactor-netty#4361, fixed after 1.3.7; pull request #4347 traces both ways into
 * that queue). Our tests met it as a request unanswered for 30 s in the middle of a series of
 * requests, last in {@code SyncIntegrationTest}'s bad cursors on CI. With this setting the previous
 * operations are terminated when the last part of the response is written, so the next request is
 * dispatched at once instead of queued; that closes the route a non-pipelining client (our gateway,
 * WebTestClient, browsers) takes. The setting's own purpose, delaying the last flush while a read is
 * in progress, changes nothing for one request at a time. Drop it when the Reactor Netty we use has
 * the fix.
 */
public class ReactorNettyDefaults implements EnvironmentPostProcessor {

    static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
            System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
        }
    }
}
