package com.staffchat.message.conversation;

import com.staffchat.support.validation.MaxCodePoints;
import com.staffchat.support.validation.MultilineText;

/**
 * {@code PATCH /api/v1/conversations/{id}}: what a group admin changes. An absent (or null) field
 * stays as it is; an empty {@code description} or {@code avatarUrl} clears it. {@code title}: 1 to
 * 100 characters, not blank; {@code description} up to 1,000 (lines allowed); {@code avatarUrl} an
 * https URL up to 2,000 characters (an attachment id once attachments land, issue 19).
 */
record UpdateConversation(
        @MaxCodePoints(100) String title,
        @MultilineText @MaxCodePoints(1000) String description,
        @MaxCodePoints(2000) String avatarUrl,
        Boolean historyVisible) {

    boolean isEmpty() {
        return title == null && description == null && avatarUrl == null && historyVisible == null;
    }
}
