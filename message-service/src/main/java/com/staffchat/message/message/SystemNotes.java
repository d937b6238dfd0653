package com.staffchat.message.message;

import com.staffchat.events.SystemNote;
import tools.jackson.databind.json.JsonMapper;

/** A system message's facts as stored in {@code message.system} (jsonb), the names of {@link SystemNote}. */
final class SystemNotes {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SystemNotes() {}

    static String json(SystemNote note) {
        return JSON.writeValueAsString(note);
    }

    /** Null for a person's message (the column is null). */
    static SystemNote parse(String json) {
        return json == null ? null : JSON.readValue(json, SystemNote.class);
    }
}
