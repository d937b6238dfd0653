package com.staffchat.system;

import com.staffchat.events.Topics;
import com.staffchat.testsupport.FcmTestServer;
import com.staffchat.testsupport.S3ProxyServer;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole system for a test: an embedded KRaft broker in this JVM, S3Proxy, the local
 * PostgreSQL (fresh schemas) and every service as its own process behind the gateway. The services
 * run as shipped, without the local profile, so every secret here is one of our own: a shipped
 * default would make the service refuse to start.
 */
final class StaffChatSystem implements AutoCloseable {

    static final String PUSHER_APP = "staffchat";
    static final String PUSHER_KEY = "staffchat-key";
    static final String PUSHER_SECRET = "system-test-app-secret";
    static final String S3_ACCESS_KEY = "system-test-access-key";
    static final String S3_SECRET_KEY = "system-test-secret-key";
    static final String FCM_PROJECT = "staffchat-system-test";

    final EmbeddedKafkaKraftBroker kafka;
    final S3ProxyServer s3;
    /** The FCM stand-in notification-service sends pushes to, or null: FCM off, as shipped. */
    final FcmTestServer fcm;

    private final Path logs;
    final List<ServiceProcess> services = new ArrayList<>();
    ServiceProcess realtime;
    ServiceProcess message;
    ServiceProcess attachment;
    ServiceProcess notification;
    ServiceProcess gateway;

    private StaffChatSystem(FcmTestServer fcm, Path logs) {
        this.fcm = fcm;
        this.logs = logs;
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.afterPropertiesSet();
        // the partition counts the services declare: a topic made here with fewer would be grown by the first
        // service to start, and a consumer that had joined before would not see the new partitions in time
        kafka.addTopics(
                new NewTopic(Topics.CONVERSATIONS, Topics.CONVERSATIONS_PARTITIONS, (short) 1),
                new NewTopic(Topics.STAFF, Topics.STAFF_PARTITIONS, (short) 1),
                new NewTopic(Topics.ATTACHMENTS, 3, (short) 1));
        s3 = S3ProxyServer.start(S3_ACCESS_KEY, S3_SECRET_KEY);
    }

    private static StaffChatSystem shared;

    /**
     * The one system all system test classes of this JVM use: started by the first that asks, stopped
     * when the JVM ends. Starting five JVMs, a broker and S3Proxy once instead of once a class saves
     * minutes of every build; each test works in a hotel of its own, so they do not see each other.
     */
    static synchronized StaffChatSystem shared() throws Exception {
        if (shared == null) {
            // FCM on for the whole system, sending to a local stand-in (configuration only: its endpoint, and a
            // service account key whose token endpoint it is): only tests that register devices get pushes, and
            // one system start serves them all (a second system for the push test cost a minute of every build)
            FcmTestServer fcm = FcmTestServer.start();
            StaffChatSystem system = start(fcm, ServiceProcess.LOGS);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                system.close();
                                fcm.close();
                            },
                            "staffchat-system-stop"));
            shared = system;
        }
        return shared;
    }

    private static StaffChatSystem start(FcmTestServer fcm, Path logs) throws Exception {
        StaffChatSystem system = new StaffChatSystem(fcm, logs);
        try {
            system.startServices();
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    private void startServices() throws Exception {
        String bootstrap = kafka.getBrokersAsString();
        realtime = add(startService(
                "realtime-service",
                Map.of(
                        "staffchat.realtime.apps[0].id", PUSHER_APP,
                        "staffchat.realtime.apps[0].key", PUSHER_KEY,
                        "staffchat.realtime.apps[0].secret", PUSHER_SECRET)));
        // message-service asks attachment-service about a send's attachments, and attachment-service asks
        // message-service about membership: the attachment port is chosen first so each can be told of the other
        int attachmentPort = ServiceProcess.freePort();
        int messagePort = ServiceProcess.freePort();
        while (messagePort == attachmentPort) {
            messagePort = ServiceProcess.freePort();
        }
        message = add(ServiceProcess.start(
                "message-service",
                messagePort,
                withDatabase(
                        "message_sys",
                        Map.of(
                                "spring.kafka.bootstrap-servers",
                                bootstrap,
                                "staffchat.services.attachment-url",
                                "http://127.0.0.1:" + attachmentPort)),
                logs));
        attachment = add(ServiceProcess.start(
                "attachment-service",
                attachmentPort,
                withDatabase(
                        "attachment_sys",
                        Map.of(
                                "spring.kafka.bootstrap-servers",
                                bootstrap,
                                "staffchat.s3.endpoint",
                                s3.endpoint().toString(),
                                "staffchat.s3.access-key",
                                S3_ACCESS_KEY,
                                "staffchat.s3.secret-key",
                                S3_SECRET_KEY,
                                "staffchat.s3.region",
                                S3ProxyServer.REGION,
                                "staffchat.s3.bucket",
                                "system-test-attachments",
                                "staffchat.services.message-url",
                                message.url())),
                logs));
        Map<String, String> notificationProperties = withDatabase(
                "notification_sys",
                Map.of(
                        "spring.kafka.bootstrap-servers",
                        bootstrap,
                        "staffchat.pusher.url",
                        "http://" + PUSHER_KEY + ":" + PUSHER_SECRET + "@127.0.0.1:" + realtime.port + "/apps/"
                                + PUSHER_APP,
                        "staffchat.services.message-url",
                        message.url()));
        if (fcm != null) {
            notificationProperties.putAll(fcmProperties(fcm));
        }
        notification = add(startService("notification-service", notificationProperties));
        gateway = add(startService(
                "gateway",
                Map.of(
                        "staffchat.security.jwt-secret", TestTokens.SECRET,
                        "staffchat.services.message-url", message.url(),
                        "staffchat.services.attachment-url", attachment.url(),
                        "staffchat.services.notification-url", notification.url())));
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(150));
        }
    }

    private ServiceProcess startService(String module, Map<String, String> properties) throws IOException {
        return ServiceProcess.start(module, ServiceProcess.freePort(), properties, logs);
    }

    /** FCM on, every request to {@code fcm}, with a service account key whose token endpoint is {@code fcm}. */
    private Map<String, String> fcmProperties(FcmTestServer fcm) throws IOException {
        Files.createDirectories(logs);
        Path key = Files.writeString(logs.resolve("fcm-service-account.json"), fcm.serviceAccountKey(FCM_PROJECT));
        return Map.of(
                "staffchat.fcm.enabled", "true",
                "staffchat.fcm.credentials-file", key.toString(),
                "staffchat.fcm.endpoint", fcm.endpoint().toString());
    }

    private ServiceProcess add(ServiceProcess service) {
        services.add(service);
        return service;
    }

    private static Map<String, String> withDatabase(String schemaPrefix, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(TestDatabase.springProperties(TestDatabase.freshSchema(schemaPrefix)));
        all.put("staffchat.security.jwt-secret", TestTokens.SECRET);
        all.putAll(more);
        return all;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        s3.close();
        kafka.destroy();
    }
}
