package com.staffchat.events;

import java.time.Instant;

/** A manager deactivated a person: from now on every service refuses them and their realtime connections are ended. */
public record StaffDeactivated(long staffId, long byStaffId, Instant at) implements StaffEvent {}
