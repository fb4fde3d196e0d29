package org.marketcache.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployment artifacts live. Surefire passes {@code marketcache.repo.root} (set in this module's POM);
 * without it (an IDE run) the repository root is found by walking up from the working directory.
 */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("marketcache.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found: set -Dmarketcache.repo.root or run from inside the repository");
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path schemas() {
        return k8s().resolve("schemas");
    }

    static Path terraform() {
        return root().resolve("terraform");
    }

    /** A file or directory under src/test/resources, e.g. {@code broken/k8s/read-literal-password.yaml}. */
    static Path testResource(String name) {
        URL url = Repo.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("test resource not found: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The path relative to the repository root when it is inside it, for messages. */
    static String display(Path file) {
        Path root = root();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
