package com.staffchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The repository's own conventions, checked so that they hold without a reviewer: versions live
 * only in the root pom, and every production package says what it is for in a
 * {@code package-info.java}.
 */
class BuildConventionsTest {

    private static final Path ROOT = repositoryRoot();

    @Test
    void moduleDependenciesAndPluginsTakeTheirVersionsFromTheRootPom() throws Exception {
        List<String> versioned = new ArrayList<>();
        for (Path pom : modulePoms()) {
            Document doc =
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            for (String tag : List.of("dependency", "plugin")) {
                NodeList nodes = doc.getElementsByTagName(tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    Element element = (Element) nodes.item(i);
                    if (childText(element, "version") != null) {
                        versioned.add(ROOT.relativize(pom) + ": " + childText(element, "groupId") + ":"
                                + childText(element, "artifactId"));
                    }
                }
            }
        }
        assertThat(versioned)
                .as("module poms must not pin versions; add a property and a managed entry to the root pom")
                .isEmpty();
    }

    @Test
    void everyProductionPackageHasPackageInfo() throws IOException {
        var missing = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/.run/"))
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    .map(Path::getParent)
                    .distinct()
                    .filter(dir -> !Files.isRegularFile(dir.resolve("package-info.java")))
                    .forEach(dir -> missing.add(ROOT.relativize(dir).toString()));
        }
        assertThat(missing)
                .as("packages without a package-info.java saying what they are for")
                .isEmpty();
    }

    /** docs/security.md names the test that proves each control: every test it names must exist. */
    @Test
    void everyTestNamedInTheSecurityDocExists() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/security.md"));
        var named = new TreeSet<String>();
        var matcher =
                java.util.regex.Pattern.compile("`(\\w+Test)(?:\\.(\\w+))?`").matcher(doc);
        while (matcher.find()) {
            named.add(matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2)));
        }
        assertThat(named).as("tests named in docs/security.md").isNotEmpty();
        var testSources = new java.util.HashMap<String, String>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path p : files.filter(f -> f.toString().contains("/src/test/java/")
                            && !f.toString().contains("/target/")
                            && f.getFileName().toString().endsWith("Test.java"))
                    .toList()) {
                testSources.put(p.getFileName().toString().replace(".java", ""), Files.readString(p));
            }
        }
        var missing = new TreeSet<String>();
        for (String name : named) {
            String[] parts = name.split("\\.");
            String source = testSources.get(parts[0]);
            if (source == null || (parts.length == 2 && !source.contains(" " + parts[1] + "("))) {
                missing.add(name);
            }
        }
        assertThat(missing).as("tests docs/security.md names that do not exist").isEmpty();
    }

    private static List<Path> modulePoms() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.resolve("pom.xml"))
                    .sorted()
                    .toList();
        }
    }

    private static String childText(Element element, String name) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("chat")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no directory with chat and pom.xml above " + dir);
    }
}
