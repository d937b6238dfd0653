package com.staffchat.support.config;

import java.util.List;
import java.util.Set;

/**
 * The secrets that ship with the repository for the local run ({@code application-local.yml},
 * {@code ./chat}, {@code docker-compose.yml}). They are public, so a service outside the {@code local}
 * (or {@code test}) profile refuses to start with any of them. realtime-service, which does not use
 * service-support, keeps the same Pusher app secret in its own {@code AppSecretCheck}.
 */
public final class KnownDefaultSecrets {

    /** The local run's JWT secret (HS256). */
    public static final String JWT_SECRET = "local-development-secret-please-change-0123456789";

    /** The local run's Pusher app secret (realtime-service's app, notification-service's Pusher URL). */
    public static final String PUSHER_APP_SECRET = "staffchat-secret";

    /** The local run's S3 access key (S3Proxy, MinIO). */
    public static final String S3_ACCESS_KEY = "staffchat";

    /** The local run's S3 secret key (S3Proxy, MinIO). */
    public static final String S3_SECRET_KEY = "staffchat-secret";

    /** Every known default; no secret of a deployed service may be one of them. */
    public static final Set<String> ALL =
            Set.copyOf(List.of(JWT_SECRET, PUSHER_APP_SECRET, S3_ACCESS_KEY, S3_SECRET_KEY));

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    private KnownDefaultSecrets() {}

    public static boolean isKnownDefault(String value) {
        return value != null && ALL.contains(value.strip());
    }
}
