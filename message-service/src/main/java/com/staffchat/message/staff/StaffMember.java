package com.staffchat.message.staff;

import com.staffchat.support.validation.MaxCodePoints;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** One person in the hotel's directory. */
public record StaffMember(
        @NotNull @Positive Long id,
        @NotBlank @MaxCodePoints(200) String displayName,
        @MaxCodePoints(100) String department,
        @MaxCodePoints(100) String title,
        Boolean active) {

    boolean isActive() {
        return active == null || active;
    }
}
