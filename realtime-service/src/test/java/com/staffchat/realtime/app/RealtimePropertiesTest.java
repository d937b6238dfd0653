package com.staffchat.realtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The configuration as operators set it: application.yml defaults, overridden by environment variables. */
class RealtimePropertiesTest {

    @Test
    void outsideTheLocalProfileAnOperatorMustConfigureAnApp() {
        assertThatThrownBy(() -> bind(Map.of(), "application.yml"))
                .hasStackTraceContaining("staffchat.realtime.apps must list at least one app");
    }

    @Test
    void defaultsDeclareTheStaffchatAppAndPushersLimits() throws Exception {
        RealtimeProperties properties = bind(Map.of());

        assertThat(properties.apps()).singleElement().satisfies(app -> {
            assertThat(app.id()).isEqualTo("staffchat");
            assertThat(app.key()).isEqualTo("staffchat-key");
            assertThat(app.secret()).isEqualTo("staffchat-secret");
        });
        assertThat(properties.activityTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.maxEventBytes()).isEqualTo(10240);
        assertThat(properties.maxChannelsPerEvent()).isEqualTo(100);
        assertThat(properties.maxBatchSize()).isEqualTo(10);
    }

    @Test
    void environmentVariablesReplaceTheApps() throws Exception {
        RealtimeProperties properties = bind(Map.of(
                "STAFFCHAT_REALTIME_APPS_0_ID",
                "hotel-1",
                "STAFFCHAT_REALTIME_APPS_0_KEY",
                "hotel-1-key",
                "STAFFCHAT_REALTIME_APPS_0_SECRET",
                "s3cret",
                "STAFFCHAT_REALTIME_ACTIVITY_TIMEOUT",
                "30s"));

        assertThat(properties.apps()).singleElement().satisfies(app -> {
            assertThat(app.id()).isEqualTo("hotel-1");
            assertThat(app.key()).isEqualTo("hotel-1-key");
            assertThat(app.secret()).isEqualTo("s3cret");
        });
        assertThat(properties.activityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new ReloadingAppDirectory(
                                properties, new DefaultLimitsProperties(0, 1000, java.time.Duration.ZERO), event -> {})
                        .byKey("hotel-1-key"))
                .map(App::id)
                .contains("hotel-1");
    }

    @Test
    void thePresenceCapIsPerAppWithTheGlobalOneAsDefault() throws Exception {
        DefaultLimitsProperties defaults = new DefaultLimitsProperties(0, 1000, Duration.ZERO);
        RealtimeProperties local = bind(Map.of());
        assertThat(new ReloadingAppDirectory(local, defaults, event -> {})
                        .byId("staffchat")
                        .orElseThrow()
                        .limits()
                        .maxPresenceMembers())
                .as("the local run's app serves a hotel of 1,000 staff on one presence channel")
                .isEqualTo(1000);

        RealtimeProperties fromEnvironment = bind(Map.of(
                "STAFFCHAT_REALTIME_APPS_0_ID", "big",
                "STAFFCHAT_REALTIME_APPS_0_KEY", "big-key",
                "STAFFCHAT_REALTIME_APPS_0_SECRET", "s",
                "STAFFCHAT_REALTIME_APPS_0_MAX_PRESENCE_MEMBERS", "1500",
                "STAFFCHAT_REALTIME_APPS_1_ID", "small",
                "STAFFCHAT_REALTIME_APPS_1_KEY", "small-key",
                "STAFFCHAT_REALTIME_APPS_1_SECRET", "s"));
        ReloadingAppDirectory apps = new ReloadingAppDirectory(fromEnvironment, defaults, event -> {});
        assertThat(apps.byId("big").orElseThrow().limits().maxPresenceMembers()).isEqualTo(1500);
        assertThat(apps.byId("small").orElseThrow().limits().maxPresenceMembers())
                .as("Pusher's cap, staffchat.realtime.max-presence-members")
                .isEqualTo(100);
    }

    @Test
    void secretsStayOutOfToString() throws Exception {
        assertThat(bind(Map.of()).toString()).doesNotContain("staffchat-secret");
        assertThat(new App("a", "k", "s3cret").toString()).doesNotContain("s3cret");
    }

    /** application.yml with the local profile (application-local.yml). */
    private static RealtimeProperties bind(Map<String, Object> environment) throws Exception {
        return bind(environment, "application-local.yml", "application.yml");
    }

    private static RealtimeProperties bind(Map<String, Object> environment, String... files) throws Exception {
        StandardEnvironment spring = new StandardEnvironment();
        MutablePropertySources sources = spring.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        // Replaces the real environment; Boot maps FOO_0_BAR names only for a source with this name.
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        for (String file : files) {
            new YamlPropertySourceLoader()
                    .load(file, new ClassPathResource(file))
                    .forEach(sources::addLast);
        }
        return Binder.get(spring).bindOrCreate("staffchat.realtime", RealtimeProperties.class);
    }
}
