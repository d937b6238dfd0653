package com.staffchat.realtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.RealtimeApplication;
import com.staffchat.realtime.support.RawPusherClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A node shutting down: readiness goes down first, new handshakes are refused, and the open
 * connections are closed with 4200 spread over the drain window instead of all at once.
 */
class GracefulDrainTest {

    private static final int CLIENTS = 20;

    @Test
    void shutdownRefusesNewConnectionsAndClosesOpenOnesWith4200SpreadOverTheWindow() throws Exception {
        // Its own server, closed as a real shutdown closes it (a test-framework context would be cached instead).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RealtimeApplication.class)
                .initializers(GracefulDrainTest::keepGlobalNettyResources)
                .run(
                        "--server.port=0",
                        "--staffchat.realtime.shutdown.drain-window=2s",
                        "--staffchat.realtime.shutdown.batch-interval=100ms");
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        List<ReadinessState> readiness = new CopyOnWriteArrayList<>();
        context.addApplicationListener((ApplicationListener<AvailabilityChangeEvent<?>>) event -> {
            if (event.getState() instanceof ReadinessState state) {
                readiness.add(state);
            }
        });
        List<RawPusherClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawPusherClient.connected(port));
            }

            long closingAt = System.nanoTime();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);

            await().atMost(Duration.ofSeconds(5)).until(() -> readiness.contains(ReadinessState.REFUSING_TRAFFIC));
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThatThrownBy(() -> RawPusherClient.connect(port, "staffchat-key", "protocol=7"))
                    .hasStackTraceContaining("503");

            List<Long> closeOffsetsMillis = new ArrayList<>();
            for (RawPusherClient client : clients) {
                assertThat(client.nextFrame())
                        .isEqualTo(
                                "{\"event\":\"pusher:error\",\"data\":{\"code\":4200,\"message\":\"Server shutting down: reconnect\"}}");
                assertThat(client.closeCode()).isEqualTo(4200);
                closeOffsetsMillis.add(TimeUnit.NANOSECONDS.toMillis(client.closedAtNanos() - closingAt));
            }
            closed.get(20, TimeUnit.SECONDS);

            long first =
                    closeOffsetsMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last =
                    closeOffsetsMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            // One connection per 100 ms batch over 2 s: not all in the same instant.
            assertThat(last - first)
                    .as("spread of close times %s", closeOffsetsMillis)
                    .isGreaterThan(1200);
            long inFirstHalfSecond = closeOffsetsMillis.stream()
                    .filter(offset -> offset - first < 500)
                    .count();
            assertThat(inFirstHalfSecond)
                    .as("closed in the first 500 ms: %s", closeOffsetsMillis)
                    .isLessThan(CLIENTS / 2);
        } finally {
            clients.forEach(RawPusherClient::close);
            context.close();
        }
    }

    /** Closing this context must not dispose Reactor Netty's global resources, which the other test servers share. */
    private static void keepGlobalNettyResources(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof ReactorResourceFactory factory) {
                    factory.setUseGlobalResources(false);
                }
                return bean;
            }
        });
    }
}
