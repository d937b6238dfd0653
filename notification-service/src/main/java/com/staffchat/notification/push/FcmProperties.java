package com.staffchat.notification.push;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Mobile pushes through FCM.
 *
 * @param enabled whether pushes are sent at all; off, no FirebaseApp is created and nothing is pushed
 * @param projectId the Firebase project; when unset, the service account's project
 * @param credentialsFile the service account's JSON key file (required when enabled)
 * @param endpoint where FCM requests go instead of {@code https://fcm.googleapis.com} (scheme, host, port,
 *     optionally a path they are put under): a local FCM stand-in for system tests; unset in production
 * @param androidChannelId the Android notification channel new-message pushes are shown in (the app creates it)
 * @param chunkSize tokens per {@code sendEach} call (FCM allows 500)
 * @param concurrency {@code sendEach} calls under way at once, each on its own thread of a bounded pool
 * @param retryBudget how long tokens failing with UNAVAILABLE, INTERNAL or QUOTA_EXCEEDED are
 *     retried before the push gives up with DependencyUnavailableException (the consumer kit then
 *     waits the outage out with the partition paused)
 * @param retryInitialInterval first pause before such a retry; it doubles each time, and a longer
 *     {@code Retry-After} from FCM wins
 * @param retryMaxInterval longest pause between retries (unless FCM's {@code Retry-After} asks for more)
 * @param requestTimeout connect and read timeout of one FCM request
 * @param timeToLive how long FCM and APNs keep a push for a device that is offline; a chat alert older
 *     than this is worth nothing
 * @param deliveredRetention how long the tokens each event reached are remembered (against pushing
 *     twice on redelivery); at least the consumer kit's processed-events retention
 */
@Validated
@ConfigurationProperties("staffchat.fcm")
public record FcmProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String projectId,
        @Nullable Path credentialsFile,
        @Nullable URI endpoint,
        @DefaultValue("messages") @NotBlank String androidChannelId,
        @DefaultValue("500") @Min(1) @Max(500) int chunkSize,
        @DefaultValue("4") @Min(1) @Max(64) int concurrency,
        @DefaultValue("30s") Duration retryBudget,
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1h") Duration timeToLive,
        @DefaultValue("14d") Duration deliveredRetention) {}
