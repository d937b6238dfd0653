package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AttachmentBenchTest {

    /** What attachment-service decides a file's type by: Tika's magic numbers on the first 64 kB. */
    private static String detected(byte[] head) throws Exception {
        return MimeTypes.getDefaultMimeTypes()
                .detect(new ByteArrayInputStream(head, 0, Math.min(head.length, 64 * 1024)), new Metadata())
                .toString();
    }

    @Test
    void theSmallFileIsAnImageOfAboutAMegabyteThatPassesTheContentCheck() throws Exception {
        byte[] png = AttachmentBench.randomPng(591, 591, new Random(19));

        assertThat(detected(png)).isEqualTo("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(591);
        assertThat(image.getHeight()).isEqualTo(591);
        // random pixels do not compress: about 591 x 591 x 3 bytes, a megabyte
        assertThat(png.length).isBetween(1_040_000, 1_060_000);
    }

    @Test
    void theLargeFileIsAnMp4OfExactlyTheAskedSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large.mp4");

        AttachmentBench.writeMp4(file, 3 * AttachmentBench.MB, new Random(1));

        assertThat(Files.size(file)).isEqualTo(3 * AttachmentBench.MB);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        assertThat(detected(head)).isEqualTo("video/mp4");
        ByteBuffer boxes = ByteBuffer.wrap(head);
        assertThat(boxes.getInt(0)).isEqualTo(24); // ftyp
        assertThat(new String(head, 4, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypmp42");
        assertThat(Integer.toUnsignedLong(boxes.getInt(24))).isEqualTo(3 * AttachmentBench.MB - 24); // mdat to the end
        assertThat(new String(head, 28, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
    }

    @Test
    void anUploadIsOneMultipartPartNamedFilesWithItsLengthAndTheCallersToken(@TempDir Path dir) throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("file.bin");
        Files.write(file, content);
        AtomicReference<String> contentType = new AtomicReference<>();
        AtomicReference<String> contentLength = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        AtomicReference<String> path = new AtomicReference<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            contentLength.set(exchange.getRequestHeaders().getFirst("Content-Length"));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().transferTo(received);
            byte[] answer = "{\"attachments\":[{\"id\":\"6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            GatewayApi api = new GatewayApi(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    BenchMain.LOCAL_JWT_SECRET,
                    "bench-x",
                    Duration.ofSeconds(5));

            var answer = api.upload(
                            3,
                            42,
                            "big.mp4",
                            "video/mp4",
                            HttpRequest.BodyPublishers.ofFile(file),
                            Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);

            assertThat(answer.statusCode()).isEqualTo(201);
            assertThat(GatewayApi.uploadedId(answer.body())).isEqualTo("6f1c2a8e-3c55-4e0b-9a51-0d3f7f0c1e2a");
            assertThat(path.get()).isEqualTo("/api/v1/conversations/42/attachments");
            assertThat(authorization.get()).isEqualTo("Bearer " + api.token(3));
            assertThat(contentType.get()).startsWith("multipart/form-data; boundary=");
            String boundary = contentType.get().substring("multipart/form-data; boundary=".length());
            byte[] head = ("--" + boundary + "\r\n"
                            + "Content-Disposition: form-data; name=\"files\"; filename=\"big.mp4\"\r\n"
                            + "Content-Type: video/mp4\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] body = received.toByteArray();
            assertThat(body).hasSize(head.length + content.length + tail.length);
            assertThat(Arrays.copyOfRange(body, 0, head.length)).isEqualTo(head);
            assertThat(Arrays.copyOfRange(body, head.length, head.length + content.length))
                    .isEqualTo(content);
            assertThat(Arrays.copyOfRange(body, head.length + content.length, body.length))
                    .isEqualTo(tail);
            // a known length, not chunked: the gateway and the service can refuse an oversized file at once
            assertThat(contentLength.get()).isEqualTo(Integer.toString(body.length));
        } finally {
            server.stop(0);
        }
    }

    private static AttachmentBench.Memory memory(String process, double sampledGrowth, double hwmGrowth) {
        return new AttachmentBench.Memory(
                process,
                300_000,
                0,
                400_000,
                0,
                true,
                sampledGrowth,
                hwmGrowth,
                new AttachmentBench.Jvm(100, 180, 300, 512, 10, 12.5));
    }

    @Test
    void streamingIsShownOnlyWhenBothServicesGrewLessThanTheAim() {
        var bench = memory("bench JVM (load generator)", 500, 500);

        assertThat(AttachmentBench.streamingShown(
                        List.of(memory("gateway", 20, 30), memory("attachment-service", 10, 63.9), bench), 64))
                .isTrue();
        // the larger of the sampled and the VmHWM growth counts
        assertThat(AttachmentBench.streamingShown(
                        List.of(memory("gateway", 20, 30), memory("attachment-service", 70, 12), bench), 64))
                .isFalse();
        assertThat(AttachmentBench.streamingShown(List.of(bench), 64)).isNull();
    }

    @Test
    void theServicesQuantilesAreReadFromItsTimer() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # TYPE staffchat_thumbnails_upload_to_ready_seconds summary
                staffchat_thumbnails_upload_to_ready_seconds{application="attachment-service",quantile="0.5"} 0.0524288
                staffchat_thumbnails_upload_to_ready_seconds{application="attachment-service",quantile="0.99"} 0.31457
                staffchat_thumbnails_upload_to_ready_seconds_count{application="attachment-service"} 20
                staffchat_thumbnails_upload_to_ready_seconds_sum{application="attachment-service"} 1.5
                """);

        assertThat(AttachmentBench.quantile(scrape, "0.5")).isEqualTo(52.4);
        assertThat(AttachmentBench.quantile(scrape, "0.99")).isEqualTo(314.6);
        assertThat(AttachmentBench.quantile(PrometheusScrape.empty(), "0.99")).isNaN();
    }

    @Test
    void theServicesThumbnailOutcomesAndJvmMemoryAreReadFromItsMetrics() {
        PrometheusScrape before = PrometheusScrape.parse("""
                staffchat_thumbnails_total{outcome="ready"} 5
                staffchat_thumbnails_total{outcome="retry"} 2
                """);
        PrometheusScrape after = PrometheusScrape.parse("""
                staffchat_thumbnails_total{outcome="ready"} 5
                staffchat_thumbnails_total{outcome="retry"} 40
                staffchat_thumbnails_total{outcome="none"} 10
                jvm_memory_used_bytes{area="heap",id="eden space"} 104857600
                jvm_memory_used_bytes{area="heap",id="tenured gen"} 52428800
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 99999999
                jvm_memory_committed_bytes{area="heap",id="eden space"} 209715200
                jvm_buffer_memory_used_bytes{id="direct"} 1048576
                """);

        assertThat(AttachmentBench.outcomes(before, after))
                .containsExactly(Map.entry("none", 10L), Map.entry("retry", 38L));
        double[] jvm = AttachmentBench.jvmMemory(after);
        assertThat(jvm).containsExactly(157_286_400.0, 209_715_200.0, 1_048_576.0);
        assertThat(AttachmentBench.jvmMemory(PrometheusScrape.empty())[0]).isNaN();
    }

    @Test
    void theStepIsInTheReportAndItsJson(@TempDir Path dir) throws Exception {
        Histogram h = Latency.histogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.recordValue(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        Latency l = Latency.of(h);
        var loads = List.of(
                new ProcessUsage.Load("gateway", 41.5, 300, 320),
                new ProcessUsage.Load("attachment-service", 55.0, 310, 330),
                new ProcessUsage.Load("s3proxy", 30.0, 200, 210),
                new ProcessUsage.Load("message-service", 5.0, 290, 300));
        var phases = List.of(
                new AttachmentBench.Phase(
                        "1 MB, one at a time",
                        "1 MB PNG",
                        1_048_000,
                        1,
                        20.0,
                        400,
                        Map.of(),
                        20.0,
                        20.0,
                        l,
                        12.5,
                        loads),
                new AttachmentBench.Phase(
                        "50 MB, 10 at once",
                        "50 MB MP4",
                        50 * AttachmentBench.MB,
                        10,
                        12.5,
                        9,
                        Map.of("413 content-too-large", 1L),
                        36.0,
                        0.7,
                        l,
                        30.0,
                        loads));
        var memory = List.of(memory("gateway", 20, 25.5), memory("attachment-service", 80, 70.2));
        var paced = new AttachmentBench.ThumbnailReady(
                "20 1 MB images, two a second (no backlog)", 20, 20, l, 20, 75.0, 52.4, 314.6, Map.of("ready", 20L));
        var loaded = new AttachmentBench.ThumbnailReady(
                "1 MB images", 800, 798, l, 800, 900.0, Double.NaN, Double.NaN, Map.of("retry", 800L));
        var result = new AttachmentBench.Result(
                "bench-files-x",
                7,
                10,
                "PNG 591 x 591, random pixels",
                1_048_000,
                "MP4",
                50 * AttachmentBench.MB,
                phases,
                memory,
                64,
                AttachmentBench.streamingShown(memory, 64),
                paced,
                loaded,
                829,
                0,
                List.of("2 thumbnails not announced within 60 s of waiting"));

        new BenchReport(
                        "2026-12-01T12:00:00Z",
                        new BenchReport.Machine(2, 24105, "Linux amd64", "17.0.1", "0.50 0.40 0.30"),
                        null,
                        null,
                        null,
                        null,
                        result)
                .write(dir);

        String md = Files.readString(dir.resolve("bench.md"));
        assertThat(md)
                .contains("| 1 MB, one at a time | 1 | 400 | 20.00 | 20.00 | 20.00 | 50.00 | 99.03 | 100 | none"
                        + " | 41.50, 55.00, 30.00, 5.00, 12.50 |")
                .contains("| 50 MB, 10 at once | 10 | 9 | 12.50 | 36.00 | 0.70 |")
                .contains("{413 content-too-large=1}")
                .contains("| gateway | 293 | 0.00 | 20.00 | 0.00 | 25.50 | yes |")
                .contains("| attachment-service | 293 | 0.00 | 80.00 | 0.00 | 70.20 | no |")
                .contains("Streaming shown: no.")
                .contains(
                        "| 20 1 MB images, two a second (no backlog) | 20 | 20 | 50.00 / 99.03 / 100 | 20, 75.00 | 52.40 / 315 | {ready=20} |")
                .contains("| 1 MB images | 800 | 798 | 50.00 / 99.03 / 100 | 800, 900 | ? / ? | {retry=800} |")
                .contains("- gateway: heap in use 100 / 180, committed 300 / 512, direct 10.00 / 12.50")
                .contains("- 2 thumbnails not announced within 60 s of waiting");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("bench.json")));
        JsonNode attachments = json.path("attachments");
        assertThat(attachments.path("streamingShown").asBoolean(true)).isFalse();
        assertThat(attachments.path("phases").get(1).path("megabytesPerSecond").asDouble())
                .isEqualTo(36.0);
        assertThat(attachments
                        .path("largeUploadMemory")
                        .get(1)
                        .path("hwmGrowthMb")
                        .asDouble())
                .isEqualTo(70.2);
        assertThat(attachments
                        .path("thumbnailsPaced")
                        .path("answerToAnnounced")
                        .path("p99")
                        .asDouble())
                .isEqualTo(l.p99());
    }
}
