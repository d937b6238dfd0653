package com.staffchat.message.conversation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST .../participants}: 1 to 100 staff ids of active staff of the caller's hotel; members already in are ignored. */
record AddParticipants(@NotNull @Size(min = 1, max = 100) List<@NotNull @Positive Long> staffIds) {}
