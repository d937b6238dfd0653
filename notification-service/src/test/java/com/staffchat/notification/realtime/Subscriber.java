package com.staffchat.notification.realtime;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A pusher-java-client subscribed to channels of realtime-service, recording every {@code new-message}
 * (or the events it is told) it receives. Signs its own subscriptions with the app secret (channel
 * authorisation is not what these tests are about).
 */
final class Subscriber implements AutoCloseable {

    final ConcurrentLinkedQueue<PusherEvent> received = new ConcurrentLinkedQueue<>();

    /** When each event of {@link #received} arrived (epoch milliseconds), for hand-run measurements. */
    final ConcurrentLinkedQueue<long[]> arrivals = new ConcurrentLinkedQueue<>();

    private final Pusher pusher;

    private Subscriber(Pusher pusher) {
        this.pusher = pusher;
    }

    static Subscriber connect(int wsPort, List<String> channels) {
        return connect(wsPort, channels, "new-message");
    }

    /** Subscribed to {@code channels}, recording the events named {@code eventNames}. */
    static Subscriber connect(int wsPort, List<String> channels, String... eventNames) {
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(wsPort)
                .setUseTLS(false)
                .setChannelAuthorizer((channel, socketId) ->
                        "{\"auth\":\"" + RealtimeServiceProcess.KEY + ":" + hmac(socketId + ":" + channel) + "\"}");
        Subscriber subscriber = new Subscriber(new Pusher(RealtimeServiceProcess.KEY, options));
        CompletableFuture<Void> connected = new CompletableFuture<>();
        subscriber.pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        if (change.getCurrentState() == ConnectionState.CONNECTED) {
                            connected.complete(null);
                        }
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {
                        connected.completeExceptionally(new IllegalStateException(message + " " + code, e));
                    }
                },
                ConnectionState.ALL);
        connected.orTimeout(20, TimeUnit.SECONDS).join();
        for (String channel : channels) {
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            subscriber.pusher.subscribePrivate(
                    channel,
                    new PrivateChannelEventListener() {
                        @Override
                        public void onEvent(PusherEvent event) {
                            subscriber.arrivals.add(new long[] {System.currentTimeMillis(), createdAtMillis(event)});
                            subscriber.received.add(event);
                        }

                        @Override
                        public void onSubscriptionSucceeded(String channelName) {
                            subscribed.complete(null);
                        }

                        @Override
                        public void onAuthenticationFailure(String message, Exception e) {
                            subscribed.completeExceptionally(new IllegalStateException(message, e));
                        }
                    },
                    eventNames);
            subscribed.orTimeout(20, TimeUnit.SECONDS).join();
        }
        return subscriber;
    }

    /** The {@code createdAt} of a {@code new-message} event's data (epoch milliseconds), else -1. */
    static long createdAtMillis(PusherEvent event) {
        int at = event.getData().indexOf("\"createdAt\":\"");
        if (at < 0) {
            return -1;
        }
        int from = at + "\"createdAt\":\"".length();
        return java.time.Instant.parse(
                        event.getData().substring(from, event.getData().indexOf('"', from)))
                .toEpochMilli();
    }

    static String hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RealtimeServiceProcess.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pusher.disconnect();
    }
}
