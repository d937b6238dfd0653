package com.staffchat.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service started from its module's executable jar as its own process, as it runs in
 * production: its own JVM, its own configuration (no local or test profile, so no shipped default
 * secret is accepted), talking to the others only over the network. Actuator answers on the
 * service's own management port.
 */
final class ServiceProcess implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String VERSION = "0.1.0-SNAPSHOT";
    static final Path LOGS = Path.of("target", "service-logs").toAbsolutePath();

    final String module;
    final int port;
    final int managementPort;
    private final Process process;
    private final Path log;

    private ServiceProcess(String module, int port, int managementPort, Process process, Path log) {
        this.module = module;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the module's jar on {@code port}. Actuator stays where the shipped configuration puts it:
     * when its {@code application.yml} gives actuator a port of its own, that port is moved to a free
     * one (the shipped one may be taken by a local run); otherwise actuator shares {@code port}.
     */
    static ServiceProcess start(String module, int port, Map<String, String> properties) throws IOException {
        return start(module, port, properties, LOGS);
    }

    /** As {@link #start(String, int, Map)}, logging to {@code logs} (a second system's, so logs do not mix). */
    static ServiceProcess start(String module, int port, Map<String, String> properties, Path logs) throws IOException {
        if (shippedManagementPort(module) == null) {
            return start(module, port, port, properties, logs);
        }
        int managementPort = freePort();
        while (managementPort == port) {
            managementPort = freePort();
        }
        return start(module, port, managementPort, properties, logs);
    }

    /** management.server.port of the module's application.yml (any document), or null. */
    static Object shippedManagementPort(String module) throws IOException {
        Object port = null;
        try (var reader = Files.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.yml"))) {
            for (Object document : new org.yaml.snakeyaml.Yaml().loadAll(reader)) {
                if (document instanceof Map<?, ?> map
                        && map.get("management") instanceof Map<?, ?> management
                        && management.get("server") instanceof Map<?, ?> server
                        && server.get("port") != null) {
                    port = server.get("port");
                }
            }
        }
        return port;
    }

    private static ServiceProcess start(
            String module, int port, int managementPort, Map<String, String> properties, Path logs) throws IOException {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build with 'mvn package' (the reactor builds it " + "before system-tests)");
        }
        Files.createDirectories(logs);
        Path log = logs.resolve(module + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-jar",
                jar.toString(),
                "--server.port=" + port));
        if (managementPort != port) {
            command.add("--management.server.port=" + managementPort);
        }
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceProcess(module, port, managementPort, process, log);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Actuator: health, info, prometheus. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Waits until readiness answers 200; fails with the log's tail if the process dies or time runs out. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(module + " was not ready within " + timeout + ":\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
