package com.staffchat.message.message;

import com.staffchat.support.problem.DomainException;

/** The rule for a message's text, on send and on edit: trimmed, 1 to the configured length in code points, no NUL. */
final class MessageText {

    private MessageText() {}

    /** The text as stored ({@code raw} trimmed), or a 400 saying what is wrong with it. */
    static String checked(String raw, int maxLength) {
        String body = raw.strip();
        if (body.isEmpty()) {
            throw DomainException.invalid("body: must not be empty");
        }
        if (body.codePointCount(0, body.length()) > maxLength) {
            throw DomainException.invalid("body: at most " + maxLength + " characters");
        }
        if (body.indexOf('\0') >= 0) {
            throw DomainException.invalid("body: must not contain NUL characters");
        }
        return body;
    }
}
