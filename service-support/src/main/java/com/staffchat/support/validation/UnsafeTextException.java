package com.staffchat.support.validation;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;

/** A request body's string broke the {@link TextRule}; the problem handler names the field (its JSON path). */
public class UnsafeTextException extends InvalidFormatException {

    private final String reason;

    UnsafeTextException(JsonParser parser, String reason) {
        super(parser, reason, null, String.class);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
