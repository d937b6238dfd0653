package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.RealtimeServerTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The official pusher-js 8.6.0 client and the official {@code pusher} server library, unchanged,
 * run by Node against this server ({@code src/test/js/scenarios.js}). The first run installs them
 * with {@code npm ci} from the committed lock file, so a fresh clone needs only Node and npm.
 */
@RealtimeServerTest
class PusherJsConformanceTest {

    private static final Path SCENARIOS = Path.of("src/test/js").toAbsolutePath();

    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);

    private static final Duration SCENARIO_LIMIT = Duration.ofSeconds(40);

    @LocalServerPort
    private int port;

    @BeforeAll
    static void installOfficialLibraries() throws Exception {
        if (Files.isDirectory(SCENARIOS.resolve("node_modules/pusher-js"))
                && Files.isDirectory(SCENARIOS.resolve("node_modules/pusher"))) {
            return;
        }
        Result install = run(INSTALL_LIMIT, "npm", "ci", "--no-audit", "--no-fund");
        assertThat(install.exitCode())
                .as("npm ci failed:%n%s", install.output())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "clientEventReachesOthersButNotItself",
                "noEventsAfterUnsubscribe",
                "presenceMembers",
                "signinWatchlistAndServerToUser",
                "cacheChannelReplaysLastEvent",
                "serverLibraryPublishesAndQueries"
            })
    void scenarioPasses(String scenario) throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "scenarios.js", scenario);
        node.environment().put("PORT", Integer.toString(port));
        node.environment().put("APP_ID", APP_ID);
        node.environment().put("APP_KEY", APP_KEY);
        node.environment().put("APP_SECRET", APP_SECRET);

        Result result = run(node, SCENARIO_LIMIT);

        assertThat(result.exitCode())
                .as("scenario %s:%n%s", scenario, result.output())
                .isZero();
        assertThat(result.output()).contains("PASS " + scenario);
    }

    private static Result run(Duration limit, String... command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), limit);
    }

    private static Result run(ProcessBuilder builder, Duration limit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("pusher-js-", ".log");
        try {
            Process process = builder.directory(SCENARIOS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(
                        -1, "Timed out after " + limit + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private record Result(int exitCode, String output) {}
}
