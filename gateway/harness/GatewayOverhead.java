import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the gateway costs per request, run by hand (never a test): a stub backend that answers at
 * once, then a closed loop of concurrent GETs of a cheap route, first straight at the stub, then
 * through the gateway, with the gateway process's CPU per request read from /proc.
 *
 * <pre>
 *   java gateway/harness/GatewayOverhead.java stub 18181            # start the stub, leave it running
 *   # start the gateway with every STAFFCHAT_SERVICES_*_URL at http://127.0.0.1:18181
 *   java gateway/harness/GatewayOverhead.java load http://127.0.0.1:18080 &lt;gateway pid&gt; 16 20 [callers]
 * </pre>
 *
 * Tokens are minted with the local run's public secret (STAFFCHAT_JWT_SECRET overrides), one
 * caller per worker by default so each stays under the per-caller limit.
 */
public class GatewayOverhead {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "stub" -> stub(Integer.parseInt(args[1]));
            case "load" -> load(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void stub(int port) throws Exception {
        // without it the JDK server's header and body writes meet Nagle and delayed ACKs: 40 ms each
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        byte[] body = "[{\"id\":1,\"displayName\":\"M. Gustave\"}]".getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("stub on " + port);
    }

    static void load(String base, String pid, int workers, int seconds, int callers) throws Exception {
        String secret = System.getenv().getOrDefault(
                "STAFFCHAT_JWT_SECRET", "local-development-secret-please-change-0123456789");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            tokens.add(token(secret, 1000 + i, "bench-hotel"));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).build();
        // warm-up
        run(http, base, tokens, workers, 5);
        long cpu0 = cpuTicks(pid);
        Result r = run(http, base, tokens, workers, seconds);
        long cpu1 = cpuTicks(pid);
        double cpuSeconds = (cpu1 - cpu0) / 100.0;
        long[] lat = r.latencies();
        Arrays.sort(lat);
        System.out.printf(
                "%s workers=%d callers=%d: %d req in %ds = %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms;"
                        + " statuses %s; process %s CPU %.2f s = %.0f %% of a core, %.3f ms CPU/request%n",
                base, workers, callers, lat.length, seconds, lat.length / (double) seconds,
                lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6,
                lat[(int) (lat.length * 0.999)] / 1e6, r.statuses(), pid, cpuSeconds,
                100 * cpuSeconds / seconds, 1000 * cpuSeconds / lat.length);
        System.exit(0);
    }

    record Result(long[] latencies, Map<Integer, Long> statuses) {}

    static Result run(HttpClient http, String base, List<String> tokens, int workers, int seconds)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perWorker = new ArrayList<>();
        List<AtomicLong> counts = new ArrayList<>();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long[] lat = new long[2_000_000];
            AtomicLong n = new AtomicLong();
            perWorker.add(lat);
            counts.add(n);
            // each worker takes its callers in turn (worker w: callers w, w + workers, ...)
            List<HttpRequest> requests = new ArrayList<>();
            for (int c = w; c < Math.max(tokens.size(), workers); c += workers) {
                requests.add(HttpRequest.newBuilder(URI.create(base + "/api/v1/staff"))
                        .header("Authorization", "Bearer " + tokens.get(c % tokens.size()))
                        .timeout(Duration.ofSeconds(10))
                        .build());
            }
            Thread t = new Thread(() -> {
                int k = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.get(k++ % requests.size());
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long i = n.getAndIncrement();
                    if (i < lat.length) {
                        lat[(int) i] = System.nanoTime() - start;
                    }
                    statuses.merge(status, 1L, Long::sum);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        for (AtomicLong n : counts) {
            total += (int) Math.min(n.get(), 2_000_000);
        }
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            int n = (int) Math.min(counts.get(w).get(), 2_000_000);
            System.arraycopy(perWorker.get(w), 0, all, at, n);
            at += n;
        }
        return new Result(all, new TreeMap<>(statuses));
    }

    static long cpuTicks(String pid) throws Exception {
        if (pid.equals("-")) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String token(String secret, long staffId, String hotel) throws Exception {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        String claims = b64.encodeToString(("{\"sub\":\"" + staffId + "\",\"hotel\":\"" + hotel
                        + "\",\"roles\":[\"staff\"],\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = b64.encodeToString(
                mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
        return header + "." + claims + "." + signature;
    }
}
