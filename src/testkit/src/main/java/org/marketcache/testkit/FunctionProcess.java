package org.marketcache.testkit;

import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A function started as its own JVM ({@code java -jar target/quarkus-app/quarkus-run.jar}), as a pod would run it:
 * for tests across processes (two readers and a writer, a writer killed mid-flush). {@link #kill()} is a SIGKILL,
 * not a shutdown: nothing gets to clean up.
 */
public final class FunctionProcess implements AutoCloseable {
    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final List<String> properties;
    private final Path log;
    private Process process;

    private FunctionProcess(String name, Path jar, int port, Map<String, String> env, List<String> properties,
            Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = env;
        this.properties = properties;
        this.log = log;
    }

    /**
     * Starts {@code jar} on a free port and waits until it is live.
     *
     * @param properties {@code -D} system properties, e.g. {@code marketcache.redis.key-prefix=st1}
     */
    public static FunctionProcess start(String name, Path jar, Map<String, String> env, List<String> properties,
            Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build the function first (mvn package)");
        }
        Files.createDirectories(logDir);
        FunctionProcess p = new FunctionProcess(name, jar, RedisServers.freePort(), env, properties,
                logDir.resolve(name + ".log"));
        p.launch();
        return p;
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dquarkus.http.port=" + port);
        for (String p : properties) {
            cmd.add("-D" + p);
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        process = b.start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await(name + " live on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/live")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: the process dies where it stands. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code functions/<name>/target/quarkus-app/quarkus-run.jar} from the repository root. */
    public static Path functionJar(Path repositoryRoot, String function) {
        return repositoryRoot.resolve("functions").resolve(function).resolve("target").resolve("quarkus-app")
                .resolve("quarkus-run.jar");
    }

    /** The repository root, found by walking up from the working directory to the parent POM. */
    public static Path repositoryRoot() {
        File dir = new File(System.getProperty("user.dir")).getAbsoluteFile();
        while (dir != null) {
            if (new File(dir, "functions").isDirectory() && new File(dir, "pom.xml").isFile()
                    && new File(dir, "src").isDirectory()) {
                return dir.toPath();
            }
            dir = dir.getParentFile();
        }
        throw new IllegalStateException("cannot find the repository root above " + System.getProperty("user.dir"));
    }
}
