package com.staffchat.events;

import java.time.Instant;

/** A manager reactivated a person who was deactivated: their tokens work again. */
public record StaffReactivated(long staffId, long byStaffId, Instant at) implements StaffEvent {}
