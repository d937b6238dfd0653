package com.staffchat.notification.preference;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The preferences the push decision applies: everyone asked for, in one query, the defaults for whoever saved none. */
@Component
public class PushPreferences {

    private final PreferenceRepository repository;

    PushPreferences(PreferenceRepository repository) {
        this.repository = repository;
    }

    /** Each of {@code staffIds} of {@code hotel} with their preferences ({@link NotificationPreference#DEFAULT} if none). */
    public Mono<Map<Long, NotificationPreference>> of(String hotel, Collection<Long> staffIds) {
        return repository.findAll(hotel, staffIds).map(stored -> {
            Map<Long, NotificationPreference> all = new HashMap<>();
            staffIds.forEach(id -> all.put(id, stored.getOrDefault(id, NotificationPreference.DEFAULT)));
            return all;
        });
    }
}
