package com.staffchat.notification.realtime;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * realtime-service started from its executable jar as its own process, as system-tests do, so a
 * test can stop it for real and start it again on the same port.
 */
public final class RealtimeServiceProcess implements AutoCloseable {

    public static final String APP = "outage-app";
    public static final String KEY = "outage-key";
    public static final String SECRET = "outage-secret-0123456789abcdef";

    private static final Path JAR = Path.of(
                    "..", "realtime-service", "target", "realtime-service-0.1.0-SNAPSHOT-exec.jar")
            .toAbsolutePath()
            .normalize();

    public final int port;
    private final Path log;
    private final List<String> arguments;
    private Process process;

    public RealtimeServiceProcess(int port) {
        this(port, List.of());
    }

    /** With more command-line arguments ({@code --key=value}), e.g. to run it as a fleet node. */
    public RealtimeServiceProcess(int port, List<String> arguments) {
        this.port = port;
        this.arguments = List.copyOf(arguments);
        this.log = Path.of("target", "realtime-service-" + port + ".log").toAbsolutePath();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the process and waits until its Pusher HTTP API accepts a signed trigger. */
    public void start() throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: build with -am so the reactor packages realtime-service");
        }
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--staffchat.realtime.apps[0].id=" + APP,
                "--staffchat.realtime.apps[0].key=" + KEY,
                "--staffchat.realtime.apps[0].secret=" + SECRET));
        command.addAll(arguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Pusher api = new Pusher(apiUrl());
        api.setRequestTimeout(2000);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "realtime-service exited with " + process.exitValue() + ": " + tail());
                }
                if (api.trigger("readiness-probe", "probe", Map.of()).getStatus() == Result.Status.SUCCESS) {
                    return;
                }
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
        } finally {
            closeQuietly(api);
        }
        throw new IllegalStateException("realtime-service was not ready within 120 s: " + tail());
    }

    private static void closeQuietly(Pusher api) {
        try {
            api.close();
        } catch (Exception ignored) {
            // only the probe's HTTP client
        }
    }

    public String apiUrl() {
        return apiUrl(port);
    }

    public static String apiUrl(int port) {
        return "http://" + KEY + ":" + SECRET + "@127.0.0.1:" + port + "/apps/" + APP;
    }

    /** Stops the process (SIGTERM, then SIGKILL after 15 s) and waits until it is gone. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
