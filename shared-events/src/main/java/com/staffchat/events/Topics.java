package com.staffchat.events;

/** Kafka topic names, the contract analytics consumers subscribe to. */
public final class Topics {

    /** Everything that happens to one conversation, keyed by conversation id so consumers see it in order. */
    public static final String CONVERSATIONS = "staffchat.conversations";

    /** Attachment lifecycle events, keyed by conversation id. */
    public static final String ATTACHMENTS = "staffchat.attachments";

    /** A person deactivated or reactivated in a hotel's staff directory, keyed by staff id. */
    public static final String STAFF = "staffchat.staff";

    /**
     * realtime-service's presence and occupancy events, keyed by channel name. Not event envelopes:
     * each record is a Pusher webhook event object plus {@code id}, {@code app_id} and
     * {@code time_ms} (docs/events.md, "Presence events").
     */
    public static final String PRESENCE = "staffchat.presence";

    /**
     * Partitions of {@link #CONVERSATIONS}: the most consumers of one group that can share it. Every
     * service that produces to or consumes the topic declares it with this count, so whichever starts
     * first creates it whole: a consumer that joined while the topic had fewer partitions would not
     * see the added ones until its next metadata refresh.
     */
    public static final int CONVERSATIONS_PARTITIONS = 6;

    /** Partitions of {@link #STAFF} (declared the same way as {@link #CONVERSATIONS_PARTITIONS}). */
    public static final int STAFF_PARTITIONS = 3;

    /** Suffix of the dead-letter topic that holds records a consumer could not process. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    /** The dead-letter topic for {@code topic}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
