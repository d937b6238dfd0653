package com.staffchat.message.staff;

import com.staffchat.support.validation.MaxCodePoints;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * One person in the hotel's directory, as a manager writes it. {@code handle} (optional): the mention
 * handle ({@link Handles}); absent, a person keeps theirs, and a new person gets one made from the
 * display name.
 */
public record StaffMember(
        @NotNull @Positive Long id,
        @NotBlank @MaxCodePoints(200) String displayName,
        @MaxCodePoints(64) String handle,
        @MaxCodePoints(100) String department,
        @MaxCodePoints(100) String title,
        Boolean active) {

    boolean isActive() {
        return active == null || active;
    }
}
