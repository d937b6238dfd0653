/**
 * The WebSocket transport (Spring WebFlux on Reactor Netty): upgrades {@code /app/{key}}, feeds
 * frames to the protocol, holds each connection's bounded outbound queue and checks liveness.
 */
package com.staffchat.realtime.transport;
