package org.marketcache.warmup;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.marketcache.demo.DemoSpec;
import org.marketcache.demo.Popularity;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.testkit.RedisPrefix;
import org.marketcache.testkit.RedisServers;
import org.marketcache.testkit.TestDatabase;
import org.marketcache.testkit.TestServices;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

/**
 * Question: what hit rate does a fresh read pod get in its first minute of the Zipf workload, with and without
 * warm-up?
 *
 * <p>Setup: the demo market (3 exchanges × 10 symbols, 7 days) in a fresh database, loaded by the warmup function
 * (started as a JVM, which also serves {@code POST /v1/warmup}); read pods are the packaged read function started
 * as JVMs on the same database and Redis prefix. The workload draws instruments from {@link Popularity} (Zipf over
 * symbols and exchanges) at a constant arrival rate and asks for latest candles (1m 40%, 5m 10%, 15m 5%, 1h 5%,
 * 4h 3%, 1d 2%), tickers (20%) and order books (15%); every answer's {@code X-Cache} is counted. The ranking is
 * learned from the workload itself: before each "L2 warm" scenario a pod serves it for a minute (as the running
 * pods would), sampling and publishing its hot keys.
 *
 * <p>Scenarios, each a new pod's first 60 s:
 * <ol>
 *   <li>L2 cold (after a Redis restart or flush), no warm-up;</li>
 *   <li>L2 cold, a warm-up run first, and the new pod's start-up L1 warm;</li>
 *   <li>L2 warm from the other pods' traffic, the new pod without its start-up warm (a plain scale-out);</li>
 *   <li>L2 warm from the other pods' traffic, the new pod with its start-up warm.</li>
 * </ol>
 *
 * <p>Run (about 9 minutes; needs both functions packaged, which the command does):
 * <pre>
 * ./mvnw -B -pl functions/read,functions/warmup -am verify -Dit.test=FirstMinuteHitRate \
 *     -Dit.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Options (system properties): {@code measure.rps} (default 200), {@code measure.seconds} (60). The table is
 * printed and written to {@code functions/warmup/target/first-minute-hit-rate.md}.
 */
@Tag("measurement")
class FirstMinuteHitRate {
    static final Path READ_JAR = Path.of("../read/target/quarkus-app/quarkus-run.jar");
    static final Path WARMUP_JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final String TOKEN = "measure-token-not-a-secret-0123";
    static final int RPS = Integer.getInteger("measure.rps", 200);
    static final int SECONDS = Integer.getInteger("measure.seconds", 60);
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4)).build();
    final String prefix = "measure" + Integer.toHexString(new SplittableRandom().nextInt(1 << 20));
    TestDatabase db;

    @Test
    void firstMinuteOfAFreshPodWithAndWithoutWarmUp() throws Exception {
        assertThat(READ_JAR).as("build the read function first (see the javadoc's command)").isRegularFile();
        assertThat(WARMUP_JAR).isRegularFile();
        db = TestDatabase.recreate("mc_measure_warmup");
        List<String> rows = new ArrayList<>();
        try (Jvm warmup = Jvm.start(WARMUP_JAR, "measure-warmup", config(Map.of("quarkus.flyway.migrate-at-start",
                "true", "marketcache.demo.seed", "true", "marketcache.warmup.max-queries-per-second", "200",
                "marketcache.warmup.concurrency", "4", "marketcache.warmup.top-n", "1000")))) {
            awaitReady(warmup, Duration.ofMinutes(5));
            Popularity popularity = org.marketcache.demo.DemoMarket.of(DemoSpec.defaults(42,
                    System.currentTimeMillis())).popularity();

            flushL2();
            rows.add(scenario("L2 cold, no warm-up", popularity, false, 1));
            flushL2();
            String summary = warmup.post("/v1/warmup", TOKEN);
            rows.add(scenario("L2 cold, warm-up run + start-up L1 warm", popularity, true, 2) + " warm-up: "
                    + shortSummary(summary));
            flushL2();
            history(popularity, 3);
            rows.add(scenario("L2 warm from other pods, no start-up warm", popularity, false, 4));
            flushL2();
            history(popularity, 5);
            rows.add(scenario("L2 warm from other pods, start-up L1 warm", popularity, true, 6));
        } finally {
            db.drop();
        }
        String table = "| scenario (first " + SECONDS + " s of a new pod, " + RPS + " req/s) | requests | L1 | L2 | L3 or"
                + " mixed | L1 + L2 (no database) | L1 in first 10 s | L1 + L2 in first 10 s |\n|---|---|---|---|---|"
                + "---|---|---|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        Files.writeString(Path.of("target/first-minute-hit-rate.md"), table);
    }

    Map<String, String> config(Map<String, String> extra) {
        Map<String, String> c = new TreeMap<>(extra);
        c.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        c.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        c.put("quarkus.datasource.username", TestServices.dbUser());
        c.put("quarkus.datasource.password", TestServices.dbPassword());
        c.put("quarkus.redis.hosts", TestServices.redisUrl());
        c.put("marketcache.redis.key-prefix", prefix);
        c.put("marketcache.security.admin-token", TOKEN);
        c.put("quarkus.log.category.\"org.marketcache\".level", "INFO");
        return c;
    }

    /** Other pods serving the workload for a minute: they fill L2 and publish the ranking. */
    void history(Popularity popularity, long seed) throws Exception {
        try (Jvm pod = Jvm.start(READ_JAR, "measure-history-" + seed, config(Map.of(
                "marketcache.warmup.on-start.enabled", "false")))) {
            awaitReady(pod, Duration.ofMinutes(2));
            drive(pod, popularity, seed);
        }
    }

    String scenario(String name, Popularity popularity, boolean startWarm, long seed) throws Exception {
        try (Jvm pod = Jvm.start(READ_JAR, "measure-pod-" + seed, config(Map.of(
                "marketcache.warmup.on-start.enabled", Boolean.toString(startWarm))))) {
            awaitReady(pod, Duration.ofMinutes(2));
            Counts c = drive(pod, popularity, seed);
            return String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% | **%.1f%%** | %.1f%% | %.1f%% |",
                    name, c.total(), c.pct("L1"), c.pct("L2"), c.pct("L3") + c.pct("MIXED"),
                    c.pct("L1") + c.pct("L2"), c.early.pct("L1"), c.early.pct("L1") + c.early.pct("L2"));
        }
    }

    static String shortSummary(String json) throws IOException {
        var n = JSON.readTree(json);
        return n.path("keys").asInt() + " keys, " + n.path("warmed").asInt() + " warmed, "
                + n.path("databaseQueries").asInt() + " queries, " + n.path("tookMillis").asLong() + " ms";
    }

    /** The workload at a constant arrival rate for {@code SECONDS}; requests are async, never coordinated. */
    Counts drive(Jvm pod, Popularity popularity, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Counts counts = new Counts();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long intervalMicros = 1_000_000L / RPS;
        AtomicLong sent = new AtomicLong();
        AtomicInteger outstanding = new AtomicInteger();
        ticks.scheduleAtFixedRate(() -> {
            String path;
            synchronized (random) {
                path = request(popularity.sample(random), random.nextDouble());
            }
            boolean early = System.nanoTime() - start < 10_000_000_000L;
            sent.incrementAndGet();
            outstanding.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(pod.base() + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
                        String tier = err != null ? "ERROR" : r.statusCode() != 200 ? "HTTP_" + r.statusCode()
                                : r.headers().firstValue("X-Cache").orElse("NONE");
                        counts.add(tier, early);
                        outstanding.decrementAndGet();
                    });
        }, 0, intervalMicros, TimeUnit.MICROSECONDS);
        ticks.schedule(ticks::shutdown, SECONDS, TimeUnit.SECONDS);
        assertThat(ticks.awaitTermination(SECONDS + 30L, TimeUnit.SECONDS)).isTrue();
        Awaitility.await("answers still in flight").atMost(Duration.ofSeconds(15))
                .until(() -> outstanding.get() == 0);
        System.out.printf("%s: sent %d, answered %d %s (early %s)%n", pod.name(), sent.get(), counts.total(),
                counts.byTier, counts.early.byTier);
        return counts;
    }

    static String request(Instrument i, double u) {
        String at = "/" + i.exchange().id() + "/" + i.symbol().urlForm();
        if (u < 0.40) {
            return "/v1/candles" + at + "?timeframe=1m&limit=100";
        } else if (u < 0.50) {
            return "/v1/candles" + at + "?timeframe=5m&limit=100";
        } else if (u < 0.55) {
            return "/v1/candles" + at + "?timeframe=15m&limit=100";
        } else if (u < 0.60) {
            return "/v1/candles" + at + "?timeframe=1h&limit=100";
        } else if (u < 0.63) {
            return "/v1/candles" + at + "?timeframe=4h&limit=100";
        } else if (u < 0.65) {
            return "/v1/candles" + at + "?timeframe=1d&limit=30";
        } else if (u < 0.85) {
            return "/v1/tickers" + at;
        }
        return "/v1/orderbooks" + at + "?depth=20";
    }

    void flushL2() {
        // Every data key of the prefix goes; the hot-key ranking stays (it is what warm-up follows).
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, TestServices.redisUrl());
            RedisPrefix.emptyExcept(redis, new KeySchema(prefix).scanPattern(), key -> key.contains(":hot:"));
            redis.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    static void awaitReady(Jvm jvm, Duration max) {
        Awaitility.await(jvm.name() + " ready (log: " + jvm.log + ")").atMost(max)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!jvm.alive()) {
                        throw new IllegalStateException(jvm.name() + " exited; see " + jvm.log);
                    }
                    return jvm.status("/q/health/ready") == 200;
                });
    }

    /** Answers by {@code X-Cache}, overall and in the first 10 seconds. */
    static final class Counts {
        final Map<String, AtomicInteger> byTier = new ConcurrentHashMap<>();
        final Counts early;

        Counts() {
            this(true);
        }

        private Counts(boolean withEarly) {
            this.early = withEarly ? new Counts(false) : null;
        }

        void add(String tier, boolean isEarly) {
            byTier.computeIfAbsent(tier, t -> new AtomicInteger()).incrementAndGet();
            if (isEarly && early != null) {
                early.add(tier, false);
            }
        }

        int total() {
            return byTier.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        double pct(String tier) {
            int t = total();
            AtomicInteger n = byTier.get(tier);
            return t == 0 || n == null ? 0 : 100.0 * n.get() / t;
        }
    }

    /** A packaged function started as its own JVM. */
    static final class Jvm implements AutoCloseable {
        final Process process;
        final int port;
        final String name;
        final Path log;
        final HttpClient client = HttpClient.newHttpClient();

        private Jvm(Process process, int port, String name, Path log) {
            this.process = process;
            this.port = port;
            this.name = name;
            this.log = log;
        }

        static Jvm start(Path jar, String name, Map<String, String> config) throws IOException {
            int port = RedisServers.freePort();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-Dquarkus.http.port=" + port));
            config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-jar", jar.toString()));
            Path log = Path.of("target", name + ".log");
            return new Jvm(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
                    port, name, log);
        }

        String name() {
            return name;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        boolean alive() {
            return process.isAlive();
        }

        int status(String path) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        String post(String path, String token) throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString("")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            System.out.println("warm-up: " + r.body());
            return r.body();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
