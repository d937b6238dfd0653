package com.staffchat.notification.projection;

import com.staffchat.events.EventDecodingException;
import com.staffchat.events.Topics;
import com.staffchat.notification.NotificationProperties;
import com.staffchat.notification.realtime.ChannelNames;
import com.staffchat.notification.realtime.ChannelNames.ConversationChannel;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code staffchat.presence} (its own group, {@code notification-viewers}) into
 * {@link Viewers}: realtime-service's {@code subscription_added} / {@code subscription_removed} for
 * signed-in connections on conversation channels; and into {@link WatchedFeeds}: its
 * {@code channel_occupied} / {@code channel_vacated} for people's own channels. Every other event,
 * every other channel and other apps' events are skipped. The effects are idempotent (an upsert
 * keeping the latest announcement, a delete; records are keyed by channel, so one channel's come in
 * order), so at-least-once delivery needs no processed-events record. A record that cannot be
 * read, or whose user is not of the channel's hotel, is dead-lettered by the consumer kit with the
 * reason.
 */
@Configuration
class PresenceListener {

    static final String ADDED = "subscription_added";

    static final String REMOVED = "subscription_removed";

    static final String OCCUPIED = "channel_occupied";

    static final String VACATED = "channel_vacated";

    private static final Logger log = LoggerFactory.getLogger(PresenceListener.class);

    private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(10);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Viewers viewers;

    private final WatchedFeeds feeds;

    private final String appId;

    PresenceListener(Viewers viewers, WatchedFeeds feeds, NotificationProperties properties) {
        this.viewers = viewers;
        this.feeds = feeds;
        this.appId = appIdOf(properties.pusher().url());
    }

    @Bean
    NewTopic presenceDeadLetterTopic() {
        return TopicBuilder.name(Topics.deadLetter(Topics.PRESENCE))
                .partitions(1)
                .build();
    }

    /** Deletes expired rows every prune interval, on the consumer kit's scheduler (never an event loop). */
    @Bean
    Object conversationViewersPrune(ThreadPoolTaskScheduler staffchatConsumerScheduler, ViewerProperties properties) {
        return staffchatConsumerScheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        Long pruned = viewers.prune().block(DATABASE_TIMEOUT);
                        log.debug(
                                "Pruned {} conversation viewers not refreshed within {}", pruned, properties.maxAge());
                    } catch (RuntimeException e) {
                        log.warn("Could not prune conversation viewers; next try in {}", properties.pruneInterval(), e);
                    }
                },
                Instant.now().plus(properties.pruneInterval()),
                properties.pruneInterval());
    }

    @KafkaListener(id = "notification-viewers", topics = Topics.PRESENCE)
    void onEvent(ConsumerRecord<String, byte[]> record) {
        JsonNode event = read(record.value());
        String name = text(event, "name");
        boolean occupancy = OCCUPIED.equals(name) || VACATED.equals(name);
        if (!ADDED.equals(name) && !REMOVED.equals(name) && !occupancy) {
            return;
        }
        if (appId != null && !appId.equals(text(event, "app_id"))) {
            return;
        }
        if (occupancy) {
            onOccupancy(name, event);
            return;
        }
        Optional<ConversationChannel> channel = ChannelNames.conversationChannel(text(event, "channel"));
        if (channel.isEmpty()) {
            return; // a personal feed or another private channel: nobody looks at a conversation there
        }
        Viewer viewer = new Viewer(
                channel.get().hotel(),
                channel.get().conversationId(),
                staffOf(text(event, "user_id"), channel.get().hotel()),
                text(event, "socket_id"));
        if (ADDED.equals(name)) {
            viewers.add(viewer, announcedAt(event)).block(DATABASE_TIMEOUT);
        } else {
            viewers.remove(viewer).block(DATABASE_TIMEOUT);
        }
    }

    /** A person's own channel occupied or vacated ({@link WatchedFeeds}); other channels' occupancy is skipped. */
    private void onOccupancy(String name, JsonNode event) {
        Optional<ChannelNames.StaffChannel> feed = ChannelNames.staffChannel(text(event, "channel"));
        if (feed.isEmpty()) {
            return;
        }
        if (OCCUPIED.equals(name)) {
            feeds.occupied(feed.get().hotel(), feed.get().staffId(), announcedAt(event))
                    .block(DATABASE_TIMEOUT);
        } else {
            feeds.vacated(feed.get().hotel(), feed.get().staffId()).block(DATABASE_TIMEOUT);
        }
    }

    private static Instant announcedAt(JsonNode event) {
        long timeMs = event.path("time_ms").asLong(-1);
        if (!event.path("time_ms").isIntegralNumber() || timeMs < 0) {
            throw new EventDecodingException(text(event, "name") + " without a time_ms");
        }
        return Instant.ofEpochMilli(timeMs);
    }

    private static JsonNode read(byte[] value) {
        try {
            JsonNode event = value == null ? null : JSON.readTree(value);
            if (event == null || !event.isObject()) {
                throw new EventDecodingException("A presence record must be a JSON object");
            }
            return event;
        } catch (JacksonException e) {
            throw new EventDecodingException("A presence record must be a JSON object: " + e.getMessage());
        }
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw new EventDecodingException("A presence record needs " + field + " (a non-empty string)");
        }
        return value.stringValue();
    }

    /**
     * The staff id of a signed-in user id, {@code {hotel}:{staffId}} (UserAuthController), which must
     * be of the channel's hotel: channel auth never lets anyone else on it.
     */
    static long staffOf(String userId, String hotel) {
        int colon = userId.lastIndexOf(':');
        String userHotel = colon < 0 ? "" : userId.substring(0, colon);
        String staff = colon < 0 ? "" : userId.substring(colon + 1);
        if (!userHotel.equals(hotel)) {
            throw new EventDecodingException(
                    "User '" + userId + "' is not of hotel '" + hotel + "', whose conversation channel it is on");
        }
        if (staff.isEmpty() || staff.length() > 18 || !staff.chars().allMatch(Character::isDigit)) {
            throw new EventDecodingException("User '" + userId + "' is not {hotel}:{staffId}");
        }
        return Long.parseLong(staff);
    }

    /** The app id of the Pusher URL ({@code .../apps/{appId}}), whose events are the ones that count. */
    static String appIdOf(String pusherUrl) {
        String path = URI.create(pusherUrl).getPath();
        int at = path == null ? -1 : path.lastIndexOf("/apps/");
        return at < 0 ? null : path.substring(at + "/apps/".length()).replaceAll("/+$", "");
    }
}
