package org.marketcache.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Rules for what a native build needs: the Maven profile, embedded resources, Dockerfiles, reflection config. */
final class NativeBuildRules {

    static final String INCLUDES = "quarkus.native.resources.includes";
    /** Resources every function's executable must embed, as sample paths the include globs must match. */
    static final List<String> MUST_EMBED = List.of("lua/tiered_get.lua", "db/migration/V1__init.sql");

    private NativeBuildRules() {
    }

    /** The parent POM has a profile "native" setting quarkus.native.enabled=true and quarkus.package.jar.enabled=false. */
    static List<String> nativeProfile(Path pom) {
        Document doc = xml(pom);
        NodeList profiles = doc.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (!"native".equals(childText(profile, "id"))) {
                continue;
            }
            List<String> violations = new ArrayList<>();
            Element properties = child(profile, "properties");
            expectProperty(pom, properties, "quarkus.native.enabled", "true", violations);
            expectProperty(pom, properties, "quarkus.package.jar.enabled", "false", violations);
            return violations;
        }
        return List.of(Repo.display(pom) + ": no <profile> with <id>native</id>; add it (see native-build/README.md)");
    }

    private static void expectProperty(Path pom, Element properties, String name, String value, List<String> violations) {
        String actual = properties == null ? null : childText(properties, name);
        if (!value.equals(actual)) {
            violations.add(Repo.display(pom) + ": profile native must set <" + name + ">" + value + "</" + name + ">, found " + actual);
        }
    }

    /**
     * The application.properties sets quarkus.native.resources.includes (plain or %prod.) to globs that match
     * the Lua scripts and Flyway migrations, both the sample paths and every .lua file actually in the repository.
     */
    static List<String> resourceIncludes(Path applicationProperties, List<String> luaScriptsInRepository) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(applicationProperties)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(INCLUDES, properties.getProperty("%prod." + INCLUDES));
        String where = Repo.display(applicationProperties);
        if (value == null || value.isBlank()) {
            return List.of(where + ": " + INCLUDES + " is not set; add " + INCLUDES + "=lua/**,db/migration/**"
                    + " or the native executable starts without its Lua scripts and migrations");
        }
        List<PathMatcher> globs = Arrays.stream(value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<String> violations = new ArrayList<>();
        List<String> mustMatch = new ArrayList<>(MUST_EMBED);
        mustMatch.addAll(luaScriptsInRepository);
        for (String resource : mustMatch) {
            if (globs.stream().noneMatch(g -> g.matches(Path.of(resource)))) {
                violations.add(where + ": " + INCLUDES + "=" + value + " does not embed " + resource + " (use lua/**,db/migration/**)");
            }
        }
        return violations;
    }

    /** Every src/main/resources/lua/**.lua in the repository, as the classpath-relative path the app loads. */
    static List<String> luaScripts(Path root) {
        List<String> scripts = new ArrayList<>();
        for (String top : List.of("src", "functions")) {
            Path dir = root.resolve(top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".lua"))
                        .map(f -> f.toString().replace('\\', '/'))
                        .filter(f -> f.contains("/src/main/resources/") && !f.contains("/target/"))
                        .forEach(f -> scripts.add(f.substring(f.indexOf("/src/main/resources/") + "/src/main/resources/".length())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scripts;
    }

    /** A Dockerfile starts FROM the expected base, exposes 8080, runs as the given non-root user, copies the output. */
    static List<String> dockerfile(Path dockerfile, String baseImage, String user, String copies) {
        String text = Repo.read(dockerfile);
        List<String> lines = text.lines().map(String::trim).filter(l -> !l.startsWith("#") && !l.isEmpty()).toList();
        String where = Repo.display(dockerfile);
        List<String> violations = new ArrayList<>();
        String from = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElse("");
        if (!from.startsWith("FROM " + baseImage + ":")) {
            violations.add(where + ": must start FROM " + baseImage + ":<pinned tag>, found '" + from + "'");
        }
        if (from.endsWith(":latest")) {
            violations.add(where + ": base image tag must be pinned, not latest");
        }
        if (lines.stream().noneMatch(l -> l.equals("EXPOSE 8080"))) {
            violations.add(where + ": must EXPOSE 8080, the port the Knative Services route to");
        }
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        if (users.isEmpty() || !users.get(users.size() - 1).equals("USER " + user)) {
            violations.add(where + ": must finish as USER " + user + " (non-root; the Services set runAsNonRoot), found " + users);
        }
        if (lines.stream().noneMatch(l -> l.startsWith("COPY") && l.contains(copies))) {
            violations.add(where + ": must COPY " + copies);
        }
        if (lines.stream().noneMatch(l -> l.equals("ARG FUNCTION"))) {
            violations.add(where + ": must take ARG FUNCTION so one file builds every function's image");
        }
        Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        if (!Files.isRegularFile(ignore)) {
            violations.add(where + ": " + ignore.getFileName() + " is missing; the build context (repository root) would include everything");
        }
        return violations;
    }

    /** Every class in a reflect-config.json exists, with the fields and constructors it lists. */
    static List<String> reflectionConfig(Path config) {
        List<String> violations = new ArrayList<>();
        String where = Repo.display(config);
        try {
            for (JsonNode entry : new ObjectMapper().readTree(config.toFile())) {
                String name = entry.path("name").asText();
                Class<?> type;
                try {
                    type = Class.forName(name, false, NativeBuildRules.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    violations.add(where + ": class " + name + " does not exist");
                    continue;
                }
                for (JsonNode field : entry.path("fields")) {
                    try {
                        Field f = type.getField(field.path("name").asText());
                        if (!Modifier.isStatic(f.getModifiers())) {
                            violations.add(where + ": " + name + "." + f.getName() + " is not static");
                        }
                    } catch (NoSuchFieldException e) {
                        violations.add(where + ": " + name + " has no public field " + field.path("name").asText());
                    }
                }
                for (JsonNode method : entry.path("methods")) {
                    if (!"<init>".equals(method.path("name").asText())) {
                        continue;
                    }
                    List<String> parameters = new ArrayList<>();
                    method.path("parameterTypes").forEach(p -> parameters.add(p.asText()));
                    boolean found = Arrays.stream(type.getDeclaredConstructors()).anyMatch(c ->
                            Arrays.stream(c.getParameterTypes()).map(Class::getName).toList().equals(parameters));
                    if (!found) {
                        violations.add(where + ": " + name + " has no constructor (" + String.join(", ", parameters) + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }
}
