package org.marketcache.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Extra {@code redis-server} processes for tests that must stop, pause or cluster a Redis (the machine's own Redis
 * on 6379 is never touched). Each server runs on a free port with no persistence in its own temp directory; close
 * the returned handle to stop it. Requires {@code redis-server} and {@code redis-cli} on the PATH.
 */
public final class RedisServers {
    private RedisServers() {
    }

    /** A running server; {@link #close()} kills it and deletes its directory. */
    public static final class Server implements AutoCloseable {
        private final int port;
        private final Path dir;
        private Process process;
        private final List<String> extraArgs;

        private Server(int port, Path dir, List<String> extraArgs) {
            this.port = port;
            this.dir = dir;
            this.extraArgs = extraArgs;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        void start() throws IOException {
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--loglevel", "warning"));
            cmd.addAll(extraArgs);
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            Awaitility.await("redis-server on port " + port).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> listening(port));
        }

        /** Stops the process (as if the server crashed); {@link #restart()} brings it back on the same port. */
        public void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Awaitility.await("port " + port + " closed").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> !listening(port));
        }

        public void restart() throws IOException {
            start();
        }

        /** Runs {@code redis-cli -p port args...} and returns its output. */
        public String cli(String... args) throws IOException, InterruptedException {
            return RedisServers.cli(port, args);
        }

        @Override
        public void close() throws Exception {
            stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Starts a standalone server on a free port. */
    public static Server start(String... extraArgs) throws IOException {
        Server s = new Server(freePort(), Files.createTempDirectory("marketcache-redis-"), List.of(extraArgs));
        s.start();
        return s;
    }

    /** A Redis Cluster of {@code masters} masters (no replicas) on free ports; close it to stop every node. */
    public static final class Cluster implements AutoCloseable {
        private final List<Server> nodes;

        private Cluster(List<Server> nodes) {
            this.nodes = nodes;
        }

        public List<Server> nodes() {
            return nodes;
        }

        /** Comma-separated node URLs, as {@code quarkus.redis.hosts} takes them. */
        public String hosts() {
            return String.join(",", nodes.stream().map(Server::url).toList());
        }

        @Override
        public void close() throws Exception {
            for (Server s : nodes) {
                s.close();
            }
        }
    }

    public static Cluster startCluster(int masters) throws IOException, InterruptedException {
        List<Server> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(start("--cluster-enabled", "yes", "--cluster-node-timeout", "2000",
                        "--cluster-config-file", "nodes.conf"));
            }
            List<String> args = new ArrayList<>(List.of("--cluster", "create"));
            for (Server s : nodes) {
                args.add("127.0.0.1:" + s.port());
            }
            args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = cli(nodes.get(0).port(), args.toArray(String[]::new));
            if (!out.contains("[OK]")) {
                throw new IOException("redis-cli --cluster create failed: " + out);
            }
            Awaitility.await("cluster state ok").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> nodes.stream().allMatch(s -> {
                        try {
                            return s.cli("cluster", "info").contains("cluster_state:ok");
                        } catch (Exception e) {
                            return false;
                        }
                    }));
            return new Cluster(nodes);
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (Server s : nodes) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // best effort while failing
                }
            }
            throw e;
        }
    }

    static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("redis-cli " + args[0] + " did not finish");
        }
        return out;
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago (the OS picks it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
