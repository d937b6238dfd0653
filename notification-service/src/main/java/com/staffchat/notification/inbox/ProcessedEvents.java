package com.staffchat.notification.inbox;

import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Event ids already processed. Used from Kafka listener threads (not event loops), so blocking on
 * the reactive client with a bound is acceptable there.
 */
@Component
public class ProcessedEvents {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseClient db;

    ProcessedEvents(DatabaseClient db) {
        this.db = db;
    }

    public boolean contains(UUID eventId) {
        return Boolean.TRUE.equals(db.sql("select exists (select 1 from processed_event where event_id = :id) as seen")
                .bind("id", eventId)
                .map(row -> row.get("seen", Boolean.class))
                .one()
                .block(TIMEOUT));
    }

    public void record(UUID eventId, String type) {
        db.sql("insert into processed_event (event_id, event_type) values (:id, :type) on conflict do nothing")
                .bind("id", eventId)
                .bind("type", type)
                .then()
                .block(TIMEOUT);
    }
}
