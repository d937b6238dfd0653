package com.staffchat.message.receipt;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Mark the conversation read up to {@code seq}: a JSON integer (not a string, not a fraction), 0 or
 * more; a seq beyond the newest message counts as the newest.
 */
record MarkRead(
        @NotNull @PositiveOrZero @JsonDeserialize(using = WholeNumber.class)
        Long seq) {}
