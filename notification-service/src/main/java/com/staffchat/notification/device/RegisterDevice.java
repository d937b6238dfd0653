package com.staffchat.notification.device;

/**
 * The body of {@code PUT /api/v1/devices/{token}}. Text, parsed here, so a wrong platform is a 400 that names the
 * field and its values rather than Jackson's generic "malformed".
 *
 * @param platform ANDROID, IOS or WEB (required)
 * @param appVersion the app's version, up to 64 characters
 * @param locale a BCP 47 language tag such as {@code de-AT}, up to 35 characters
 */
record RegisterDevice(String platform, String appVersion, String locale) {}
