package com.staffchat.notification.device;

import java.time.Instant;

/** A device as its owner sees it in the API. */
record DeviceView(
        String token, Platform platform, String appVersion, String locale, Instant registeredAt, Instant lastSeenAt) {

    static DeviceView of(Device d) {
        return new DeviceView(d.token(), d.platform(), d.appVersion(), d.locale(), d.registeredAt(), d.lastSeenAt());
    }
}
