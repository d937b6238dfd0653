package com.staffchat.message.message;

import com.staffchat.support.validation.MultilineText;
import jakarta.validation.constraints.NotNull;

/** A message's new text: the same rules as a send's {@code body}. Nothing else of a message can be changed. */
record EditMessage(@NotNull @MultilineText String body) {}
