package com.staffchat.notification.projection;

import com.staffchat.events.ConversationKind;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What the projection knows of a conversation itself: whether it is direct or a group, and its
 * title (the push handler's notification title). Both come from {@code ConversationCreated},
 * {@code ConversationUpdated} and snapshots; either may be unknown (null) for a conversation the
 * projection met only through later events.
 */
@Component
public class ConversationTitles {

    private final DatabaseClient db;

    ConversationTitles(DatabaseClient db) {
        this.db = db;
    }

    /** A conversation's kind and title; both null when the projection has not been told. */
    public record Title(
            @Nullable ConversationKind kind, @Nullable String title) {

        /** Neither kind nor title known. */
        public static final Title UNKNOWN = new Title(null, null);
    }

    /** The conversation's kind and title, {@link Title#UNKNOWN} for a conversation the projection lacks. */
    public Mono<Title> of(String hotel, long conversationId) {
        return db.sql("select kind, title from projected_conversation where hotel = :hotel and conversation_id = :c")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .map(row -> {
                    String kind = row.get("kind", String.class);
                    return new Title(
                            kind == null ? null : ConversationKind.valueOf(kind), row.get("title", String.class));
                })
                .one()
                .defaultIfEmpty(Title.UNKNOWN);
    }
}
