package com.staffchat.notification.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.staffchat.events.ParticipantRoleChanged;
import com.staffchat.events.ParticipantsRemoved;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a person removed from a conversation (or leaving it) loses their open subscription to
 * its channel. pusher-java-clients signed in as two participants, both subscribed to the
 * conversation's channel through a real realtime-service process; a {@code participants-removed}
 * event for one of them reaches both as {@code participants-changed}, then the removed person's
 * connection is ended (their client must authorize its channels again, which message-service
 * refuses for this one) while the other stays connected. A role change arrives as
 * {@code participants-changed} with {@code roleChanged}.
 */
class ParticipantRemovalRealtimeIntegrationTest extends ConversationPipelineTest {

    static final long CONVERSATION = 5151;

    final List<Pusher> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void disconnect() {
        clients.forEach(Pusher::disconnect);
    }

    record Client(Pusher pusher, ConcurrentLinkedQueue<PusherEvent> received) {}

    @Test
    void theRemovedPersonsConnectionEndsAfterEveryoneSawTheChange() {
        String channel = ChannelNames.conversation(HOTEL, CONVERSATION);
        Client removed = signedInAndSubscribed(7, channel);
        Client staying = signedInAndSubscribed(2, channel);

        publish(new ParticipantsRemoved(CONVERSATION, 2, List.of(7L), AT));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> removed.pusher().getConnection().getState() == ConnectionState.DISCONNECTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> !staying.received().isEmpty());
        PusherEvent changed = staying.received().peek();
        assertThat(changed.getEventName()).isEqualTo("participants-changed");
        assertThat(json.readValue(changed.getData(), Map.class))
                .containsEntry("conversationId", (int) CONVERSATION)
                .containsEntry("removed", List.of(7))
                .containsEntry("added", List.of())
                .containsEntry("by", 2);
        assertThat(removed.received())
                .as("the removed person saw their removal before the connection ended")
                .extracting(PusherEvent::getEventName)
                .containsExactly("participants-changed");

        publish(new ParticipantRoleChanged(CONVERSATION, 2, 3, "ADMIN", true, AT));
        await().atMost(Duration.ofSeconds(30)).until(() -> staying.received().size() >= 2);
        PusherEvent role = List.copyOf(staying.received()).get(1);
        assertThat(role.getEventName()).isEqualTo("participants-changed");
        assertThat(json.readValue(role.getData(), Map.class))
                .containsEntry("roleChanged", Map.of("staffId", 3, "role", "ADMIN", "automatic", true))
                .containsEntry("by", 2);
        assertThat(staying.pusher().getConnection().getState()).isEqualTo(ConnectionState.CONNECTED);
    }

    /** A client signed in as {@code hotel:staffId} (user data signed with the app secret) and subscribed to {@code channel}. */
    private Client signedInAndSubscribed(long staffId, String channel) {
        String userData = "{\"id\":\"" + UserAuthController.userId(HOTEL, staffId) + "\"}";
        PusherOptions options = new PusherOptions()
                .setHost("127.0.0.1")
                .setWsPort(realtime.port)
                .setUseTLS(false)
                .setUserAuthenticator(socketId -> json.writeValueAsString(Map.of(
                        "auth",
                        RealtimeServiceProcess.KEY + ":" + Subscriber.hmac(socketId + "::user::" + userData),
                        "user_data",
                        userData)))
                .setChannelAuthorizer((name, socketId) -> "{\"auth\":\"" + RealtimeServiceProcess.KEY + ":"
                        + Subscriber.hmac(socketId + ":" + name) + "\"}");
        Pusher pusher = new Pusher(RealtimeServiceProcess.KEY, options);
        clients.add(pusher);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        pusher.connect(
                new ConnectionEventListener() {
                    @Override
                    public void onConnectionStateChange(ConnectionStateChange change) {
                        states.add(change.getCurrentState());
                    }

                    @Override
                    public void onError(String message, String code, Exception e) {}
                },
                ConnectionState.ALL);
        await().atMost(Duration.ofSeconds(20)).until(() -> states.contains(ConnectionState.CONNECTED));
        pusher.signin();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pusher.user() != null
                        && UserAuthController.userId(HOTEL, staffId)
                                .equals(pusher.user().userId()));
        ConcurrentLinkedQueue<PusherEvent> received = new ConcurrentLinkedQueue<>();
        List<String> subscribed = new CopyOnWriteArrayList<>();
        pusher.subscribePrivate(
                channel,
                new PrivateChannelEventListener() {
                    @Override
                    public void onEvent(PusherEvent event) {
                        received.add(event);
                    }

                    @Override
                    public void onSubscriptionSucceeded(String channelName) {
                        subscribed.add(channelName);
                    }

                    @Override
                    public void onAuthenticationFailure(String message, Exception e) {}
                },
                "participants-changed");
        await().atMost(Duration.ofSeconds(20)).until(() -> subscribed.contains(channel));
        return new Client(pusher, received);
    }
}
