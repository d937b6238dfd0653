package com.staffchat.realtime.transport;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.ops.ConnectionsPerAddress;
import com.staffchat.realtime.ops.OpenConnections;
import com.staffchat.realtime.ops.RealtimeMetrics;
import com.staffchat.realtime.ops.Rejection;
import com.staffchat.realtime.protocol.ApplicationDisabled;
import com.staffchat.realtime.protocol.ApplicationDoesNotExist;
import com.staffchat.realtime.protocol.Connection;
import com.staffchat.realtime.protocol.InvalidMessage;
import com.staffchat.realtime.protocol.OverConnectionQuota;
import com.staffchat.realtime.protocol.PusherError;
import com.staffchat.realtime.protocol.PusherEventHandler;
import com.staffchat.realtime.protocol.TooManyConnectionsFromAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Serves {@code /app/{key}}: opens a protocol connection, hands it every text frame in order, and
 * cleans up (leaving channels, telling presence channels) when the socket ends, however it ends.
 */
final class PusherWebSocketHandler implements WebSocketHandler {

    static final String PATH_PREFIX = "/app/";

    private static final Logger log = LoggerFactory.getLogger(PusherWebSocketHandler.class);

    private final PusherEventHandler protocol;

    private final LivenessMonitor liveness;

    private final AppDirectory apps;

    private final OpenConnections openConnections;

    private final ConnectionsPerAddress connectionsPerAddress;

    private final RealtimeMetrics metrics;

    private final int outboundQueueFrames;

    PusherWebSocketHandler(
            PusherEventHandler protocol,
            LivenessMonitor liveness,
            RealtimeProperties properties,
            AppDirectory apps,
            OpenConnections openConnections,
            ConnectionsPerAddress connectionsPerAddress,
            RealtimeMetrics metrics) {
        this.connectionsPerAddress = connectionsPerAddress;
        this.protocol = protocol;
        this.liveness = liveness;
        this.apps = apps;
        this.openConnections = openConnections;
        this.metrics = metrics;
        this.outboundQueueFrames = properties.outboundQueueFrames();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        URI uri = session.getHandshakeInfo().getUri();
        String key = appKey(uri);
        var query = UriComponentsBuilder.fromUri(uri).build().getQueryParams();
        WebSocketOutbound outbound = new WebSocketOutbound(session, outboundQueueFrames);
        InetSocketAddress remote = session.getHandshakeInfo().getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        Connection connection;
        OpenConnections.Slot slot = null;
        boolean addressTaken = false;
        try {
            if (!key.isEmpty() && key.indexOf('/') < 0) {
                // an ill-formed path is the protocol's to refuse (4005); a well-formed key is checked against
                // the app directory, the client address's bound and the app's connection quota first
                App app = knownApp(key);
                if (!connectionsPerAddress.tryOpen(address)) {
                    metrics.rejected(app.id(), Rejection.ADDRESS_CONNECTIONS);
                    throw new TooManyConnectionsFromAddress(connectionsPerAddress.max());
                }
                addressTaken = true;
                slot = admit(app, outbound);
            }
            connection = protocol.open(key, query.getFirst("protocol"), query.getFirst("version"), outbound);
        } catch (PusherError refused) {
            if (slot != null) {
                slot.release();
            }
            if (addressTaken) {
                connectionsPerAddress.release(address);
            }
            refused.deliverTo(outbound);
            return outbound.writes();
        }
        OpenConnections.Slot admitted = slot;
        admitted.attach(connection);
        RealtimeMetrics.AppMeters meters = metrics.app(admitted.app().id());
        liveness.track(outbound);
        Disposable signInDeadline = protocol.signInDeadline(connection).subscribe();
        Mono<Void> inbound = session.receive()
                .doOnNext(message -> outbound.heard())
                .filter(message -> message.getType() != WebSocketMessage.Type.PING
                        && message.getType() != WebSocketMessage.Type.PONG)
                .doOnNext(message -> meters.receivedFromWebSocket())
                .concatMap(message -> message.getType() == WebSocketMessage.Type.TEXT
                        ? protocol.onMessage(connection, message.getPayloadAsText())
                        : Mono.fromRunnable(
                                () -> connection.fail(new InvalidMessage("Binary frames are not supported"))))
                .then();
        // Ends when the client's side ends; if the server closes first, waits for the closing handshake.
        return Mono.firstWithSignal(inbound, outbound.writes().then(Mono.never()))
                .onErrorResume(error -> {
                    log.debug("WebSocket {} ended with an error", connection.socketId(), error);
                    return Mono.empty();
                })
                .then(Mono.defer(() -> protocol.onClose(connection)))
                .doFinally(signal -> {
                    signInDeadline.dispose();
                    liveness.untrack(outbound);
                    admitted.release();
                    connectionsPerAddress.release(address);
                });
    }

    /** The app with this key: 4003 for a disabled app, 4001 for an unknown key. */
    private App knownApp(String key) {
        App app = apps.byKey(key).orElse(null);
        if (app == null) {
            if (apps.isDisabledKey(key)) {
                metrics.rejected(RealtimeMetrics.UNKNOWN_APP, Rejection.APP_DISABLED);
                throw new ApplicationDisabled(key);
            }
            metrics.rejected(RealtimeMetrics.UNKNOWN_APP, Rejection.UNKNOWN_APP);
            throw new ApplicationDoesNotExist(key);
        }
        return app;
    }

    /** Takes a place for the connection under its app's quota (4004 beyond it). */
    private OpenConnections.Slot admit(App app, WebSocketOutbound outbound) {
        OpenConnections.Slot slot = openConnections.tryOpen(app, outbound);
        if (slot == null) {
            metrics.rejected(app.id(), Rejection.CONNECTION_QUOTA);
            throw new OverConnectionQuota(app.limits().maxConnections());
        }
        outbound.meter(metrics.app(app.id()));
        return slot;
    }

    private static String appKey(URI uri) {
        String path = uri.getPath();
        return path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
    }
}
