package com.staffchat.notification.device;

/** Where a device token came from; FCM payloads differ by platform (Android channel, APNs settings, web push). */
public enum Platform {
    ANDROID,
    IOS,
    WEB
}
