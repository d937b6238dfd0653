package com.staffchat.message.reaction;

import jakarta.validation.constraints.NotNull;

/** A reaction to add: exactly one emoji (checked by {@link Emoji}). */
record AddReaction(@NotNull String emoji) {}
