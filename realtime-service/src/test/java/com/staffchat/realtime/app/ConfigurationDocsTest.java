package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keeps docs/realtime.md's configuration table in step with every key of the server and its apps. */
class ConfigurationDocsTest {

    private static final Set<String> DOCUMENTED_TOGETHER = Set.of("apps", "id", "key", "secret");

    @Test
    void realtimeDocHasARowForEveryConfigurationKey() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "realtime.md"));
        for (RecordComponent key : RealtimeProperties.class.getRecordComponents()) {
            if (!DOCUMENTED_TOGETHER.contains(key.getName())) {
                assertThat(doc).contains("| `" + kebab(key.getName()) + "` |");
            }
        }
        for (RecordComponent key : DefaultLimitsProperties.class.getRecordComponents()) {
            assertThat(doc).contains("| `default-limits." + kebab(key.getName()) + "` |");
        }
        for (RecordComponent key : RealtimeProperties.AppProperties.class.getRecordComponents()) {
            if (!DOCUMENTED_TOGETHER.contains(key.getName())) {
                assertThat(doc).contains("| `apps[n]." + kebab(key.getName()) + "` |");
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
