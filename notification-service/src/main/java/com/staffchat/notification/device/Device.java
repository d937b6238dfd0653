package com.staffchat.notification.device;

import java.time.Instant;

/**
 * One registered push device of a person.
 *
 * @param token the FCM registration token (the key: one app install, one person at a time)
 * @param staffId the person it belongs to, in the hotel it was looked up in
 * @param platform ANDROID, IOS or WEB
 * @param appVersion the app's version as the client reported it, or null
 * @param locale the device's BCP 47 language tag (for localised pushes), or null
 * @param registeredAt when this person registered it (a token that moved to them: when it moved)
 * @param lastSeenAt when the app last registered or refreshed it
 */
public record Device(
        String token,
        long staffId,
        Platform platform,
        String appVersion,
        String locale,
        Instant registeredAt,
        Instant lastSeenAt) {}
