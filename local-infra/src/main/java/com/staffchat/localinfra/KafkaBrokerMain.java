package com.staffchat.localinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) for the local run.
 *
 * <pre>
 * java -cp "local-infra/target/local-infra-0.1.0-SNAPSHOT.jar:local-infra/target/lib/*" \
 *   com.staffchat.localinfra.KafkaBrokerMain --data-dir .run/data/kafka --port 9092 --controller-port 9093
 * </pre>
 *
 * On the first start it writes {@code server.properties} into the data directory and formats the
 * storage (what {@code kafka-storage.sh random-uuid} and {@code kafka-storage.sh format} do), then it
 * runs {@code kafka.Kafka} in this JVM until it is terminated. Later starts reuse the formatted
 * storage, rewriting {@code server.properties} so that the ports can change.
 */
public final class KafkaBrokerMain {

    static final int DEFAULT_PORT = 9092;
    static final int DEFAULT_CONTROLLER_PORT = 9093;
    static final String DEFAULT_DATA_DIR = ".run/data/kafka";
    static final String HOST = "127.0.0.1";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(
                args,
                Map.of(
                        "--data-dir", DEFAULT_DATA_DIR,
                        "--port", Integer.toString(DEFAULT_PORT),
                        "--controller-port", Integer.toString(DEFAULT_CONTROLLER_PORT)),
                "KafkaBrokerMain [--data-dir DIR] [--port 9092] [--controller-port 9093]");
        Path dataDir = Path.of(options.get("--data-dir")).toAbsolutePath().normalize();
        int port = Args.port(options, "--port");
        int controllerPort = Args.port(options, "--controller-port");
        if (port == controllerPort) {
            throw new IllegalArgumentException("--port and --controller-port must differ");
        }

        Path logDir = dataDir.resolve("logs");
        Files.createDirectories(logDir);
        Path config = dataDir.resolve("server.properties");
        writeServerProperties(config, logDir, port, controllerPort);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(config, dataDir);
        }

        System.out.printf(
                "Kafka broker: PLAINTEXT://%s:%d, controller %s:%d, data %s%n",
                HOST, port, HOST, controllerPort, dataDir);
        // Blocks until the broker shuts down; it installs its own shutdown hook for SIGTERM.
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static Map<String, String> serverProperties(Path logDir, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.hours", "168");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    private static void writeServerProperties(Path config, Path logDir, int port, int controllerPort)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            out.write("# Written by com.staffchat.localinfra.KafkaBrokerMain on every start.\n");
            for (Map.Entry<String, String> e :
                    serverProperties(logDir, port, controllerPort).entrySet()) {
                // Properties escaping: backslashes only appear in Windows paths.
                out.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
            }
        }
    }

    private static void format(Path config, Path dataDir) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            status = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString()}, out);
        }
        String output = buffer.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage failed (" + status + "): " + output);
        }
        Files.writeString(dataDir.resolve("cluster-id"), clusterId + "\n");
        System.out.println("Formatted Kafka storage, cluster id " + clusterId + ": " + output);
    }
}
