package com.staffchat.notification.push;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessaging;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * FCM on or off ({@code staffchat.fcm.enabled}). Off: no FirebaseApp, no {@link FcmSender}, one log
 * line at start-up. On: a FirebaseApp from the service account file ({@code staffchat.fcm.credentials-file};
 * start-up fails without it), and the {@link FcmSender}, which needs a {@link DeviceTokenRemoval}
 * (the device registry's).
 *
 * <p>A {@link GoogleCredentials} bean and an {@link HttpTransport} bean, where present, replace the
 * file and firebase-admin's default transport: tests point firebase-admin at a local FCM server
 * this way, and Google is never called. A service started as its own process (the system tests) is
 * pointed at one by configuration: {@code staffchat.fcm.endpoint} sends every FCM request there,
 * and the credentials file's {@code token_uri} says where its access token comes from.
 */
@Configuration(proxyBeanMethods = false)
class FcmConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FcmConfiguration.class);

    /** How often deliveries older than the retention are deleted. */
    static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "staffchat.fcm.enabled", havingValue = "false", matchIfMissing = true)
    static class Off {

        @Bean
        SmartInitializingSingleton fcmOffNotice() {
            return () -> log.info("FCM is off (staffchat.fcm.enabled=false): no mobile pushes are sent");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "staffchat.fcm.enabled", havingValue = "true")
    static class On {

        @Bean(destroyMethod = "delete")
        FirebaseApp staffchatFirebaseApp(
                FcmProperties settings,
                ObjectProvider<GoogleCredentials> suppliedCredentials,
                ObjectProvider<HttpTransport> suppliedTransport) {
            GoogleCredentials credentials = suppliedCredentials.getIfAvailable(() -> fromFile(settings));
            int timeout = Math.toIntExact(settings.requestTimeout().toMillis());
            FirebaseOptions.Builder options = FirebaseOptions.builder()
                    // the JSON library FcmPayloads measures the 4 KB bound with, so what is sent is what was measured
                    .setJsonFactory(GsonFactory.getDefaultInstance())
                    .setCredentials(credentials)
                    .setConnectTimeout(timeout)
                    .setReadTimeout(timeout);
            if (settings.projectId() != null && !settings.projectId().isBlank()) {
                options.setProjectId(settings.projectId());
            }
            HttpTransport transport = suppliedTransport.getIfAvailable(() -> toEndpoint(settings.endpoint()));
            if (transport != null) {
                options.setHttpTransport(transport);
            }
            // a name of its own: two application contexts in one JVM (tests) must not share or clash
            FirebaseApp app = FirebaseApp.initializeApp(options.build(), "staffchat-" + UUID.randomUUID());
            log.info(
                    "FCM is on: project {}, Android channel '{}', chunks of {}, retry budget {}",
                    settings.projectId() != null ? settings.projectId() : "of the service account",
                    settings.androidChannelId(),
                    settings.chunkSize(),
                    settings.retryBudget());
            return app;
        }

        @Bean
        FirebaseMessaging staffchatFirebaseMessaging(FirebaseApp staffchatFirebaseApp) {
            return FirebaseMessaging.getInstance(staffchatFirebaseApp);
        }

        @Bean
        PushDeliveries pushDeliveries(DatabaseClient db) {
            return new PushDeliveries(db);
        }

        @Bean(destroyMethod = "dispose")
        Disposable pushDeliveriesPruning(PushDeliveries deliveries, FcmProperties settings) {
            return Flux.interval(PRUNE_INTERVAL, PRUNE_INTERVAL, Schedulers.parallel())
                    .concatMap(tick -> deliveries
                            .pruneBefore(Instant.now().minus(settings.deliveredRetention()))
                            .filter(n -> n > 0)
                            .doOnNext(n -> log.info(
                                    "Pruned {} push deliveries older than {}", n, settings.deliveredRetention()))
                            .onErrorResume(e -> {
                                log.warn("Could not prune push deliveries; next try in {}", PRUNE_INTERVAL, e);
                                return Mono.empty();
                            }))
                    .subscribe();
        }

        @Bean(destroyMethod = "close")
        FcmSender fcmSender(
                FcmProperties settings,
                FirebaseMessaging staffchatFirebaseMessaging,
                PushDeliveries pushDeliveries,
                DeviceTokenRemoval deviceTokenRemoval,
                MeterRegistry meters) {
            return new FcmSender(settings, staffchatFirebaseMessaging, pushDeliveries, deviceTokenRemoval, meters);
        }

        /**
         * firebase-admin names {@code https://fcm.googleapis.com} itself; with an endpoint set, a transport that
         * sends each request there instead, path and query kept. Null (firebase-admin's own transport) without.
         */
        private static @Nullable HttpTransport toEndpoint(@Nullable URI endpoint) {
            if (endpoint == null) {
                return null;
            }
            if (endpoint.getHost() == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
                throw new IllegalStateException("staffchat.fcm.endpoint " + endpoint
                        + " must be an http or https URL with a host, such as http://127.0.0.1:9099");
            }
            String base = endpoint.toString().replaceAll("/+$", "");
            log.warn("FCM requests go to {}, not to Google (staffchat.fcm.endpoint)", base);
            return new NetHttpTransport.Builder()
                    .setConnectionFactory(url -> (HttpURLConnection)
                            URI.create(base + url.getFile()).toURL().openConnection())
                    .build();
        }

        private static GoogleCredentials fromFile(FcmProperties settings) {
            Path file = settings.credentialsFile();
            if (file == null) {
                throw new IllegalStateException("staffchat.fcm.enabled is true but staffchat.fcm.credentials-file is"
                        + " not set: set it (env STAFFCHAT_FCM_CREDENTIALS_FILE) to the Firebase service account's JSON"
                        + " key file, or set staffchat.fcm.enabled=false to run without mobile pushes");
            }
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("staffchat.fcm.credentials-file " + file.toAbsolutePath()
                        + " cannot be read: it must be the Firebase service account's JSON key file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return GoogleCredentials.fromStream(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "staffchat.fcm.credentials-file " + file.toAbsolutePath()
                                + " is not a service account JSON key: " + e.getMessage(),
                        e);
            }
        }
    }
}
