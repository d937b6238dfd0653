package com.staffchat.realtime.transport;

import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.ops.ConnectionsPerAddress;
import com.staffchat.realtime.ops.OpenConnections;
import com.staffchat.realtime.ops.RealtimeMetrics;
import com.staffchat.realtime.protocol.PusherEventHandler;
import io.micrometer.observation.ObservationPredicate;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/** Maps {@code /app/{key}} to the Pusher WebSocket handler, ahead of the HTTP routes. */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration implements WebFluxConfigurer {

    /** Largest frame a client may send; Pusher caps client event data at 10 KB, so this leaves room. */
    static final int MAX_INBOUND_FRAME_BYTES = 65536;

    @Override
    public WebSocketService getWebSocketService() {
        HandshakeWebSocketService service = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(MAX_INBOUND_FRAME_BYTES)));
        service.setSessionAttributePredicate(NettyConnectionCapture.ATTRIBUTE::equals);
        return service;
    }

    /**
     * No HTTP observation for WebSocket handshakes: it would last as long as the connection, keeping
     * the handshake's request, headers and tags alive (about 1 KB a connection) only to report a
     * meaningless "request duration". Connections have their own metrics.
     */
    @Bean
    ObservationPredicate noWebSocketRequestObservations() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getPath().value().startsWith(PusherWebSocketHandler.PATH_PREFIX));
    }

    @Bean
    NettyConnectionCapture nettyConnectionCapture() {
        return new NettyConnectionCapture();
    }

    @Bean
    LivenessMonitor livenessMonitor(RealtimeProperties properties) {
        return new LivenessMonitor(properties);
    }

    @Bean
    HandlerMapping pusherWebSocketMapping(
            PusherEventHandler protocol,
            LivenessMonitor liveness,
            RealtimeProperties properties,
            AppDirectory apps,
            OpenConnections openConnections,
            ConnectionsPerAddress connectionsPerAddress,
            RealtimeMetrics metrics) {
        PusherWebSocketHandler handler = new PusherWebSocketHandler(
                protocol, liveness, properties, apps, openConnections, connectionsPerAddress, metrics);
        // "/app/" and deeper paths reach the handler too, which refuses them with 4005 (path not found).
        return new SimpleUrlHandlerMapping(
                Map.of(
                        PusherWebSocketHandler.PATH_PREFIX + "{key}",
                        handler,
                        PusherWebSocketHandler.PATH_PREFIX,
                        handler,
                        PusherWebSocketHandler.PATH_PREFIX + "{key}/**",
                        handler),
                -1);
    }
}
