package com.staffchat.message.conversation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code PATCH .../participants/{staffId}}: the participant's new role. */
record ChangeRole(
        @NotNull @Pattern(regexp = "ADMIN|MEMBER", message = "must be ADMIN or MEMBER")
        String role) {}
