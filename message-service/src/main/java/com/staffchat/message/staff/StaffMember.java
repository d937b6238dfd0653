package com.staffchat.message.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** One person in the hotel's directory. */
public record StaffMember(
        @NotNull @Positive Long id,
        @NotBlank @Size(max = 200) String displayName,
        @Size(max = 100) String department,
        @Size(max = 100) String title,
        Boolean active) {

    boolean isActive() {
        return active == null || active;
    }
}
