package com.staffchat.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.staffchat.notification.push.PushNotification.Kind;
import com.staffchat.testsupport.FcmTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Start-up with FCM off, on without credentials, and on with the device registry and a (local) FCM. */
@ExtendWith(OutputCaptureExtension.class)
class FcmConfigurationTest {

    static final FcmFixture fcm = new FcmFixture();
    static final DatabaseClient db = FcmFixture.migratedDatabase();

    @AfterAll
    static void stop() {
        fcm.close();
    }

    @BeforeEach
    void reset() {
        fcm.server.reset();
    }

    @EnableConfigurationProperties(FcmProperties.class)
    @Configuration(proxyBeanMethods = false)
    static class Service {
        @Bean
        DatabaseClient databaseClient() {
            return db;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** What the device registry and the tests add when FCM is on. */
    @Configuration(proxyBeanMethods = false)
    static class DevicesAndLocalFcm {
        @Bean
        RecordingTokenRemoval deviceTokenRemoval() {
            return new RecordingTokenRemoval();
        }

        @Bean
        GoogleCredentials testCredentials() {
            return FcmFixture.credentials();
        }

        @Bean
        HttpTransport localFcmTransport() {
            return fcm.server.transport();
        }
    }

    final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Service.class, FcmConfiguration.class);

    @Test
    void offByDefaultWithoutFirebaseAndSaysSoOnce(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(FirebaseApp.class);
            assertThat(context).doesNotHaveBean(FcmSender.class);
        });
        assertThat(output.getOut().lines().filter(l -> l.contains("FCM is off")).count())
                .isEqualTo(1);
    }

    @Test
    void onWithoutCredentialsFileRefusesToStart() {
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class)
                .withBean(RecordingTokenRemoval.class, RecordingTokenRemoval::new)
                .withPropertyValues("staffchat.fcm.enabled=true")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("staffchat.fcm.credentials-file is not set"));
    }

    @Test
    void onWithAFileThatIsNoServiceAccountKeyRefusesToStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key.json"), "{\"type\":\"nonsense\"}");
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class)
                .withBean(RecordingTokenRemoval.class, RecordingTokenRemoval::new)
                .withPropertyValues("staffchat.fcm.enabled=true", "staffchat.fcm.credentials-file=" + file)
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("staffchat.fcm.credentials-file " + file.toAbsolutePath()
                                + " is not a service account JSON key"));
    }

    @Test
    void onWithoutTheDeviceRegistryRefusesToStart() {
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class)
                .withBean(GoogleCredentials.class, FcmFixture::credentials)
                .withPropertyValues("staffchat.fcm.enabled=true", "staffchat.fcm.project-id=" + FcmFixture.PROJECT)
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining(DeviceTokenRemoval.class.getName()));
    }

    @Test
    void onSendsThroughFirebaseAdminWithTheConfiguredSettingsAndDeletesTheAppOnClose() {
        String[] appName = new String[1];
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class, DevicesAndLocalFcm.class)
                .withPropertyValues(
                        "staffchat.fcm.enabled=true",
                        "staffchat.fcm.project-id=" + FcmFixture.PROJECT,
                        "staffchat.fcm.android-channel-id=front-desk")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    appName[0] = context.getBean(FirebaseApp.class).getName();
                    var push = new PushNotification(
                            UUID.randomUUID(),
                            "grand-budapest",
                            9L,
                            1L,
                            1,
                            "Kitchen",
                            "Soup's on",
                            1,
                            Kind.NEW_MESSAGE,
                            List.of("unregistered-9", "phone-9"));

                    var outcome = context.getBean(FcmSender.class).send(push).block(Duration.ofSeconds(30));

                    assertThat(outcome).isEqualTo(new FcmSender.Outcome(1, 0, 1, 0));
                    assertThat(context.getBean(RecordingTokenRemoval.class).removed())
                            .containsExactly("unregistered-9");
                    var request = fcm.server.requestsFor("phone-9").get(0);
                    assertThat(request.projectId()).isEqualTo(FcmFixture.PROJECT);
                    assertThat(request.message()
                                    .path("android")
                                    .path("notification")
                                    .path("channel_id")
                                    .asString())
                            .isEqualTo("front-desk");
                });
        assertThat(FirebaseApp.getApps()).extracting(FirebaseApp::getName).doesNotContain(appName[0]);
    }

    @Test
    void anEndpointAndAServiceAccountKeyFileSendThereWithTheKeysAccessToken(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), fcm.server.serviceAccountKey(FcmFixture.PROJECT));
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class)
                .withBean(RecordingTokenRemoval.class, RecordingTokenRemoval::new)
                .withPropertyValues(
                        "staffchat.fcm.enabled=true",
                        "staffchat.fcm.credentials-file=" + key,
                        "staffchat.fcm.endpoint=" + fcm.server.endpoint())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var push = new PushNotification(
                            UUID.randomUUID(),
                            "grand-budapest",
                            9L,
                            1L,
                            1,
                            "Kitchen",
                            "Soup's on",
                            1,
                            Kind.NEW_MESSAGE,
                            List.of("phone-endpoint-9"));

                    var outcome = context.getBean(FcmSender.class).send(push).block(Duration.ofSeconds(30));

                    assertThat(outcome).isEqualTo(new FcmSender.Outcome(1, 0, 0, 0));
                    var request = fcm.server.requestsFor("phone-endpoint-9").get(0);
                    assertThat(request.projectId()).as("the key's project").isEqualTo(FcmFixture.PROJECT);
                    assertThat(request.authorization()).isEqualTo("Bearer " + FcmTestServer.ACCESS_TOKEN);
                });
    }

    @Test
    void anEndpointThatIsNoHttpUrlRefusesToStart(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.json"), fcm.server.serviceAccountKey(FcmFixture.PROJECT));
        new ApplicationContextRunner()
                .withUserConfiguration(Service.class, FcmConfiguration.class)
                .withBean(RecordingTokenRemoval.class, RecordingTokenRemoval::new)
                .withPropertyValues(
                        "staffchat.fcm.enabled=true",
                        "staffchat.fcm.credentials-file=" + key,
                        "staffchat.fcm.endpoint=fcm.internal:9099")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining(
                                "staffchat.fcm.endpoint fcm.internal:9099 must be an http or https URL"));
    }
}
