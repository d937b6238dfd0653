package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The two ways to run the whole system, {@code ./chat up} (processes on one machine) and
 * {@code docker-compose.yml} (containers), must configure the services alike, and every
 * {@code STAFFCHAT_*} variable they set must land on a key that the service's own
 * {@code src/main/resources/application.yml} declares (so a renamed property fails here, not at run
 * time with a silently ignored variable).
 *
 * <p>Both publish only what clients need: the gateway's and realtime-service's ports; actuator has
 * its own management port per service, on loopback, and both run the services with the {@code local}
 * profile (the only one that accepts the repository's public secrets).
 *
 * <p>The chat script keeps its services in one table (the {@code SERVICE_TABLE} heredoc): lines
 * {@code service <module> <port>} followed by that service's {@code KEY=VALUE} lines.
 */
class ComposeConfigurationTest {

    private static final String CHAT_TABLE_START = "SERVICE_TABLE=\"$(cat <<'SERVICES'";
    private static final String CHAT_TABLE_END = "SERVICES";
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** The services clients talk to; every other service is reached through them. */
    private static final Set<String> PUBLIC_SERVICES = Set.of("gateway", "realtime-service");

    private static Path root;
    private static Set<String> serviceModules;
    private static Map<String, ChatService> chat;
    private static Map<String, Map<String, Object>> compose;

    @BeforeAll
    static void readConfiguration() throws Exception {
        root = repositoryRoot();
        serviceModules = serviceModules(root);
        chat = readChatTable(root.resolve("chat"));
        compose = readComposeServices(root.resolve("docker-compose.yml"));
    }

    @Test
    void everyServiceModuleRunsUnderChatAndComposeOnTheSamePort() {
        assertThat(serviceModules)
                .as("modules with an executable jar (spring-boot-maven-plugin) in the root pom")
                .contains(
                        "gateway", "message-service", "attachment-service", "notification-service", "realtime-service");
        assertThat(chat.keySet())
                .as("services in ./chat's SERVICE_TABLE")
                .containsExactlyInAnyOrderElementsOf(serviceModules);

        List<String> problems = new ArrayList<>();
        for (String module : serviceModules) {
            ChatService local = chat.get(module);
            Map<String, Object> service = compose.get(module);
            if (local == null) {
                continue;
            }
            if (!String.valueOf(local.port()).equals(local.env().get("SERVER_PORT"))) {
                problems.add(module + ": ./chat gives port " + local.port() + " but SERVER_PORT="
                        + local.env().get("SERVER_PORT"));
            }
            if (service == null) {
                problems.add(module + ": no such service in docker-compose.yml");
                continue;
            }
            List<int[]> published = publishedPorts(service.get("ports"));
            boolean same = published.stream().anyMatch(p -> p[0] == local.port() && p[1] == local.port());
            if (PUBLIC_SERVICES.contains(module) && !same) {
                problems.add(module + ": docker-compose.yml should publish " + local.port() + ":" + local.port()
                        + " like ./chat, has " + service.get("ports"));
            }
            String composePort = String.valueOf(environment(service).get("SERVER_PORT"));
            if (!String.valueOf(local.port()).equals(composePort)) {
                problems.add(module + ": SERVER_PORT in docker-compose.yml is " + composePort + ", ./chat uses "
                        + local.port());
            }
        }
        assertThat(problems).as("ports of ./chat and docker-compose.yml").isEmpty();
    }

    @Test
    void composePublishesOnlyWhatClientsNeed() {
        Map<String, List<String>> published = new java.util.TreeMap<>();
        compose.forEach((name, service) -> {
            if (service.get("ports") instanceof List<?> ports && !ports.isEmpty()) {
                published.put(name, ports.stream().map(String::valueOf).toList());
            }
        });
        assertThat(published)
                .as("ports docker-compose.yml publishes to the host: the gateway, realtime-service's WebSocket"
                        + " port and MinIO's S3 API on loopback (presigned attachment URLs); no service's other"
                        + " port, no actuator, no Kafka, no console")
                .isEqualTo(Map.of(
                        "gateway", List.of("8080:8080"),
                        "realtime-service", List.of("6001:6001"),
                        "minio", List.of("127.0.0.1:9000:9000")));
    }

    @Test
    void chatListensBeyondLoopbackOnlyForTheServicesClientsUse() {
        List<String> problems = new ArrayList<>();
        chat.forEach((module, service) -> {
            String address = service.env().get("SERVER_ADDRESS");
            if (PUBLIC_SERVICES.contains(module) && address != null) {
                problems.add(module + ": clients reach it, yet ./chat binds it to " + address);
            }
            if (!PUBLIC_SERVICES.contains(module) && !"127.0.0.1".equals(address)) {
                problems.add(module + ": ./chat should bind it to loopback (SERVER_ADDRESS=127.0.0.1), has " + address);
            }
        });
        assertThat(problems).as("listening addresses in ./chat").isEmpty();
    }

    @Test
    void actuatorHasItsOwnDocumentedPortAndTheLocalRunUsesTheLocalProfile() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> managementPorts = new TreeSet<>();
        for (Map.Entry<String, ChatService> entry : chat.entrySet()) {
            String module = entry.getKey();
            Map<String, String> env = entry.getValue().env();
            String management = env.get("MANAGEMENT_SERVER_PORT");
            Object documented =
                    shippedManagementPort(root.resolve(module).resolve("src/main/resources/application.yml"));
            if (management == null
                    || management.equals(String.valueOf(entry.getValue().port()))) {
                problems.add(module + ": ./chat gives actuator no port of its own (MANAGEMENT_SERVER_PORT=" + management
                        + ")");
            } else if (!management.equals(String.valueOf(documented))) {
                problems.add(module + ": ./chat's MANAGEMENT_SERVER_PORT=" + management
                        + " differs from management.server.port " + documented + " in its application.yml");
            } else if (!managementPorts.add(management)) {
                problems.add(module + ": management port " + management + " is used by another service too");
            }
            if (!"local".equals(env.get("SPRING_PROFILES_ACTIVE"))) {
                problems.add(module + ": ./chat should run it with SPRING_PROFILES_ACTIVE=local, has "
                        + env.get("SPRING_PROFILES_ACTIVE"));
            }
        }
        try {
            assertThat(Files.readString(root.resolve("Dockerfile")))
                    .as("the image's healthcheck probes the management port")
                    .contains("/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT}");
        } catch (IOException e) {
            problems.add("the root Dockerfile is missing: " + e.getMessage());
        }
        assertThat(problems).as("management ports and profile of the local run").isEmpty();
    }

    @Test
    void composeAndChatSetTheSameEnvironmentKeysForEachService() {
        List<String> problems = new ArrayList<>();
        for (String module : chat.keySet()) {
            Map<String, Object> service = compose.get(module);
            if (service == null) {
                problems.add(module + ": no such service in docker-compose.yml");
                continue;
            }
            Set<String> local = new TreeSet<>(chat.get(module).env().keySet());
            Set<String> containers = new TreeSet<>(environment(service).keySet());
            Set<String> onlyChat = new TreeSet<>(local);
            onlyChat.removeAll(containers);
            Set<String> onlyCompose = new TreeSet<>(containers);
            onlyCompose.removeAll(local);
            if (!onlyChat.isEmpty()) {
                problems.add(module + ": set by ./chat but not by docker-compose.yml: " + onlyChat);
            }
            if (!onlyCompose.isEmpty()) {
                problems.add(module + ": set by docker-compose.yml but not by ./chat: " + onlyCompose);
            }
        }
        assertThat(problems)
                .as("environment keys of ./chat and docker-compose.yml")
                .isEmpty();
    }

    @Test
    void valuesAgreeApartFromHostNames() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ChatService> entry : chat.entrySet()) {
            String module = entry.getKey();
            Map<String, Object> service = compose.get(module);
            if (service == null) {
                continue;
            }
            Map<String, String> containers = environment(service);
            for (Map.Entry<String, String> variable : entry.getValue().env().entrySet()) {
                String key = variable.getKey();
                String local = variable.getValue();
                String container = containers.get(key);
                if (container == null) {
                    continue; // reported by the key test
                }
                if (key.equals("STAFFCHAT_SECURITY_JWT_SECRET")) {
                    if (!container.contains("STAFFCHAT_JWT_SECRET")) {
                        problems.add(module + ": " + key + " in docker-compose.yml should come from"
                                + " ${STAFFCHAT_JWT_SECRET:-...} as in ./chat, is " + container);
                    }
                } else if (local.contains("127.0.0.1")) {
                    if (container.contains("127.0.0.1") || container.contains("localhost")) {
                        problems.add(module + ": " + key + " in docker-compose.yml points at the container"
                                + " itself (" + container + "); use the compose service name");
                    }
                } else if (!local.equals(container)) {
                    problems.add(module + ": " + key + " is '" + local + "' in ./chat but '" + container
                            + "' in docker-compose.yml");
                }
            }
        }
        assertThat(problems).as("values of ./chat and docker-compose.yml").isEmpty();
    }

    @Test
    void everyStaffchatVariableBindsToAKeyOfTheServicesApplicationYml() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ChatService> entry : chat.entrySet()) {
            String module = entry.getKey();
            Set<String> variables = new TreeSet<>(entry.getValue().env().keySet());
            Map<String, Object> service = compose.get(module);
            if (service != null) {
                variables.addAll(environment(service).keySet());
            }
            variables.removeIf(v -> !v.startsWith("STAFFCHAT_"));
            if (variables.isEmpty()) {
                continue;
            }
            Path yml = root.resolve(module).resolve("src/main/resources/application.yml");
            String where = root.relativize(yml).toString() + " (or application-local.yml)";
            if (!Files.isRegularFile(yml)) {
                problems.add(module + ": " + where + " is missing, so none of " + variables + " is declared");
                continue;
            }
            Set<String> keys = applicationKeys(yml);
            Path local = yml.resolveSibling("application-local.yml");
            if (Files.isRegularFile(local)) {
                keys.addAll(applicationKeys(local));
            }
            for (String variable : variables) {
                if (keys.stream().noneMatch(key -> environmentNames(key).contains(variable))) {
                    problems.add(module + ": " + variable + " has no key in " + where + " (expected "
                            + expectedKey(variable) + ", or with '-' between words, e.g. "
                            + dashedExample(variable) + ")");
                }
            }
        }
        assertThat(problems)
                .as("STAFFCHAT_* variables without a key in the service's application.yml")
                .isEmpty();
    }

    @Test
    void composeBuildsEachServiceFromTheRootDockerfile() {
        List<String> problems = new ArrayList<>();
        for (String module : serviceModules) {
            Map<String, Object> service = compose.get(module);
            if (service == null) {
                problems.add(module + ": no such service in docker-compose.yml");
                continue;
            }
            if (!(service.get("build") instanceof Map<?, ?> build)) {
                problems.add(module + ": docker-compose.yml has no build section for it");
                continue;
            }
            String context = String.valueOf(build.get("context"));
            Object args = build.get("args");
            String moduleArg = args instanceof Map<?, ?> map ? String.valueOf(map.get("MODULE")) : null;
            if (!root.resolve(context).normalize().equals(root) || build.get("dockerfile") != null) {
                problems.add(module + ": built from " + context + " with " + build.get("dockerfile")
                        + ", expected the root Dockerfile with context .");
            }
            if (!module.equals(moduleArg)) {
                problems.add(module + ": build arg MODULE is " + moduleArg + ", expected " + module);
            }
        }
        try {
            String dockerfile = Files.readString(root.resolve("Dockerfile"));
            assertThat(dockerfile)
                    .as("the root Dockerfile builds the module named by MODULE")
                    .contains("ARG MODULE", "-pl \"${MODULE}\"", "${MODULE}-0.1.0-SNAPSHOT-exec.jar");
        } catch (java.io.IOException e) {
            problems.add("the root Dockerfile is missing: " + e.getMessage());
        }
        assertThat(problems).as("image builds in docker-compose.yml").isEmpty();
    }

    /** The two names Spring Boot reads an environment variable under for a property name (and index). */
    static Set<String> environmentNames(String propertyName) {
        String name = INDEX.matcher(propertyName).replaceAll(".$1").toLowerCase(Locale.ROOT);
        Set<String> names = new LinkedHashSet<>();
        names.add(name.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT));
        names.add(name.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT));
        return names;
    }

    private static String expectedKey(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.').replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
    }

    private static String dashedExample(String variable) {
        String key = expectedKey(variable);
        int last = key.lastIndexOf('.');
        return last < 0 ? key : key.substring(0, last) + "-" + key.substring(last + 1);
    }

    // -----------------------------------------------------------------------------------------
    // reading the files

    record ChatService(String module, int port, Map<String, String> env) {}

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("chat")) && Files.isRegularFile(d.resolve("docker-compose.yml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with chat and docker-compose.yml above " + dir);
    }

    /** Modules of the root pom that build an executable jar: the services. */
    private static Set<String> serviceModules(Path root) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom =
                factory.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        NodeList modules = pom.getElementsByTagName("module");
        Set<String> services = new TreeSet<>();
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().trim();
            Path modulePom = root.resolve(module).resolve("pom.xml");
            if (Files.isRegularFile(modulePom) && buildsExecutableJar(factory, modulePom)) {
                services.add(module);
            }
        }
        return services;
    }

    private static boolean buildsExecutableJar(DocumentBuilderFactory factory, Path pom) throws Exception {
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        NodeList plugins = document.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            boolean inManagement = plugin.getParentNode() != null
                    && plugin.getParentNode().getParentNode() != null
                    && "pluginManagement"
                            .equals(plugin.getParentNode().getParentNode().getNodeName());
            NodeList artifactIds = plugin.getElementsByTagName("artifactId");
            if (!inManagement
                    && artifactIds.getLength() > 0
                    && "spring-boot-maven-plugin"
                            .equals(artifactIds.item(0).getTextContent().trim())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, ChatService> readChatTable(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(CHAT_TABLE_START)) {
                start = i + 1;
                break;
            }
        }
        assertThat(start).as("./chat has a line " + CHAT_TABLE_START).isPositive();
        Map<String, ChatService> services = new LinkedHashMap<>();
        ChatService current = null;
        boolean ended = false;
        for (int i = start; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals(CHAT_TABLE_END)) {
                ended = true;
                break;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words[0].equals("service")) {
                assertThat(words).as("./chat table line '%s'", line).hasSize(3);
                current = new ChatService(words[1], Integer.parseInt(words[2]), new LinkedHashMap<>());
                services.put(current.module(), current);
            } else {
                int eq = line.indexOf('=');
                assertThat(current)
                        .as("./chat table line '%s' before any 'service' line", line)
                        .isNotNull();
                assertThat(eq).as("./chat table line '%s' is KEY=VALUE", line).isPositive();
                String key = line.substring(0, eq);
                assertThat(current.env())
                        .as("%s sets %s twice in ./chat", current.module(), key)
                        .doesNotContainKey(key);
                current.env().put(key, line.substring(eq + 1));
            }
        }
        assertThat(ended)
                .as("./chat's table ends with a line " + CHAT_TABLE_END)
                .isTrue();
        return services;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> readComposeServices(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> document = new Yaml().load(reader);
            assertThat(document).as("docker-compose.yml").containsKey("services");
            return (Map<String, Map<String, Object>>) document.get("services");
        }
    }

    /** A compose service's environment, from the map form or the list-of-KEY=VALUE form. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Published ports as {host port, container port}, from short ("[ip:]host:container") or long syntax. */
    private static List<int[]> publishedPorts(Object ports) {
        List<int[]> result = new ArrayList<>();
        if (!(ports instanceof List<?> list)) {
            return result;
        }
        for (Object port : list) {
            if (port instanceof Map<?, ?> map) {
                Object target = map.get("target");
                Object published = map.get("published");
                if (target != null && published != null) {
                    result.add(new int[] {
                        Integer.parseInt(String.valueOf(published)), Integer.parseInt(String.valueOf(target))
                    });
                }
            } else {
                String spec = String.valueOf(port).replaceAll("/(tcp|udp)$", "");
                String[] parts = spec.split(":");
                if (parts.length >= 2
                        && parts[parts.length - 2].matches("\\d+")
                        && parts[parts.length - 1].matches("\\d+")) {
                    result.add(new int[] {
                        Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])
                    });
                }
            }
        }
        return result;
    }

    /** management.server.port as the shipped application.yml sets it outside tests (any document). */
    @SuppressWarnings("unchecked")
    private static Object shippedManagementPort(Path yml) throws IOException {
        Object port = null;
        try (Reader reader = Files.newBufferedReader(yml, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
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

    /** Every key path of an application.yml (all documents), intermediate ones included; lists as [i]. */
    private static Set<String> applicationKeys(Path yml) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Reader reader = Files.newBufferedReader(yml, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
                flatten("", document, keys);
            }
        }
        return keys;
    }

    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (!prefix.isEmpty()) {
            keys.add(prefix);
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                Matcher bracketed = Pattern.compile("^\\[(.*)]$").matcher(key);
                if (bracketed.matches()) {
                    key = bracketed.group(1);
                }
                flatten(prefix.isEmpty() ? key : prefix + "." + key, v, keys);
            });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), keys);
            }
        }
    }
}
