package com.staffchat.message.load;

import com.staffchat.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * A send load run by hand against a running message-service (never a test): {@code senders}
 * threads, closed loop, each posting messages with a client id straight to the service for
 * {@code seconds}, into ONE group conversation or spread over {@code conversations} groups. Prints
 * the rate, latency percentiles and answers by status.
 *
 * <pre>
 * java -cp "message-service/target/test-classes:$(cat /tmp/cp.txt)" com.staffchat.message.load.SendLoad \
 *     http://127.0.0.1:8081 16 1 20
 * </pre>
 *
 * Args: base URL, senders, conversations, seconds, [secret] (the service's JWT secret; the local run's by default).
 */
public final class SendLoad {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int conversations = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String secret = args.length > 4 ? args[4] : "local-development-secret-please-change-0123456789";
        String hotel = "load-" + UUID.randomUUID().toString().substring(0, 6);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        int staff = Math.max(senders, 2);
        String manager = token(secret, 1, hotel, "manager", "staff");
        StringBuilder directory = new StringBuilder("[");
        for (int s = 1; s <= staff; s++) {
            directory
                    .append(s > 1 ? "," : "")
                    .append("{\"id\":")
                    .append(s)
                    .append(",\"displayName\":\"Load ")
                    .append(s)
                    .append("\"}");
        }
        directory.append(']');
        post(http, base + "/api/v1/admin/staff", manager, "{\"staff\":" + directory + "}", "PUT");
        List<Long> groups = new ArrayList<>();
        StringBuilder others = new StringBuilder();
        for (int s = 2; s <= staff; s++) {
            others.append(s > 2 ? "," : "").append(s);
        }
        for (int i = 0; i < conversations; i++) {
            String created = post(
                    http,
                    base + "/api/v1/conversations",
                    token(secret, 1, hotel, "staff"),
                    "{\"kind\":\"GROUP\",\"title\":\"Load " + i + "\",\"participantIds\":[" + others + "]}",
                    "POST");
            Matcher m = ID.matcher(created);
            if (!m.find()) {
                throw new IllegalStateException("no conversation id in " + created);
            }
            groups.add(Long.parseLong(m.group(1)));
        }

        Recorder latency = new Recorder(3);
        Map<Integer, AtomicLong> statuses = new TreeMap<>();
        for (int code : new int[] {0, 200, 201, 404, 409, 500, 503}) {
            statuses.put(code, new AtomicLong());
        }
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(senders);
        for (int t = 0; t < senders; t++) {
            long staffId = 1 + t % staff;
            String tok = token(secret, staffId, hotel, "staff");
            Thread sender = new Thread(() -> {
                try {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        long conversation =
                                groups.get(ThreadLocalRandom.current().nextInt(groups.size()));
                        HttpRequest request = HttpRequest.newBuilder(
                                        URI.create(base + "/api/v1/conversations/" + conversation + "/messages"))
                                .header("Authorization", "Bearer " + tok)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"body\":\"Room 214 asks for extra towels and a late checkout at 13:00\","
                                                + "\"clientId\":\"" + UUID.randomUUID() + "\"}"))
                                .build();
                        int code;
                        try {
                            code = http.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (Exception e) {
                            code = 0;
                        }
                        if (now >= warmupEnd) {
                            latency.recordValue(System.nanoTime() - now);
                            statuses.computeIfAbsent(code, k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            sender.setDaemon(true);
            sender.start();
        }
        latency.reset();
        done.await();
        var h = latency.getIntervalHistogram();
        long ok = statuses.get(201).get();
        System.out.printf(
                "%s senders=%d conversations=%d seconds=%d: %.0f sends/s (201 only), p50 %.1f ms, p99 %.1f ms,"
                        + " p99.9 %.1f ms, max %.1f ms; statuses %s%n",
                Instant.now(),
                senders,
                conversations,
                seconds,
                ok / (double) seconds,
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6,
                statuses);
    }

    private static String token(String secret, long staffId, String hotel, String... roles) {
        return TestTokens.mint(
                secret,
                Long.toString(staffId),
                hotel,
                List.of(roles),
                Instant.now().plus(Duration.ofHours(1)));
    }

    private static String post(HttpClient http, String url, String token, String json, String method) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private SendLoad() {}
}
