package org.marketcache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.marketcache.testkit.FreshDatabase;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.TestServices;

/**
 * The migration Job as k8s/base/job-migrate.yaml and terraform/migrate.tf run it: the packaged admin jar with
 * {@code QUARKUS_INIT_AND_EXIT=true} and {@code MARKETCACHE_MIGRATE=true} against an empty database must apply every
 * migration in {@code db/migration}, exit 0 without serving, and do it again as a no-op on the next rollout. Like the
 * Job, it gets the database settings and no tokens.
 */
class MigrateAndExitIT {
    private static final Path ROOT = FunctionProcess.repositoryRoot();
    private static final Path MIGRATIONS = ROOT.resolve("src/store-postgres/src/main/resources/db/migration");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");
    /** Start, migrate and stop on two busy cores; a Job that takes this long is stuck, not slow. */
    private static final long EXIT_DEADLINE_SECONDS = 240;

    @Test
    void migratesAnEmptyDatabaseAndExitsZeroTwice() throws Exception {
        FreshDatabase database = FreshDatabase.create("mc_it_admin_migrate");
        List<String> expected = migrationVersions();
        assertThat(expected).as("migrations in " + MIGRATIONS).isNotEmpty();

        assertThat(migrateAndExit(database, "migrate-first")).as("exit status of the first run").isZero();
        assertThat(Files.readString(log("migrate-first"))).as("init-and-exit never opens the HTTP port")
                .contains("Successfully applied " + expected.size() + " migrations").doesNotContain("Listening on");
        assertThat(appliedVersions(database)).as("flyway_schema_history after the first run")
                .containsExactlyElementsOf(expected);
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.candle_1m') IS NOT NULL,"
                        + " to_regclass('public.instrument') IS NOT NULL,"
                        + " (SELECT count(*) FROM marketcache_storage)")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the candles table candle_1m exists").isTrue();
            assertThat(rs.getBoolean(2)).as("the instrument table exists").isTrue();
            assertThat(rs.getLong(3)).as("the storage layout was recorded").isEqualTo(1);
        }

        assertThat(migrateAndExit(database, "migrate-again")).as("exit status of a second run (next rollout)")
                .isZero();
        assertThat(appliedVersions(database)).as("a second run applies nothing").containsExactlyElementsOf(expected);
    }

    /** Runs the packaged admin jar as the Job's container runs the image, and returns its exit status. */
    private static int migrateAndExit(FreshDatabase database, String name) throws IOException, InterruptedException {
        Path jar = FunctionProcess.functionJar(ROOT, "admin");
        assertThat(jar).as("the packaged admin function (mvn package runs before failsafe)").isRegularFile();
        Path log = log(name);
        Files.createDirectories(log.getParent());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-Dquarkus.http.port=0", "-Dmarketcache.redis.key-prefix=itmigrate", "-jar",
                jar.toString());
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        b.environment().putAll(Map.of("MARKETCACHE_DB_HOST", TestServices.dbHost(),
                "MARKETCACHE_DB_PORT", Integer.toString(TestServices.dbPort()),
                "MARKETCACHE_DB_NAME", database.name(), "MARKETCACHE_DB_USER", TestServices.dbUser(),
                "MARKETCACHE_DB_PASSWORD", TestServices.dbPassword(), "MARKETCACHE_REDIS_URL", TestServices.redisUrl(),
                "MARKETCACHE_MIGRATE", "true", "QUARKUS_INIT_AND_EXIT", "true"));
        Process process = b.start();
        try {
            assertThat(process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS))
                    .as(name + " exits by itself within " + EXIT_DEADLINE_SECONDS + " s (log: " + log + ")").isTrue();
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path log(String run) {
        return ROOT.resolve("functions/admin/target/process-logs/" + run + ".log");
    }

    private static List<String> migrationVersions() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.map(f -> VERSIONED.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .toList();
        }
    }

    private static List<String> appliedVersions(FreshDatabase database) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history"
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).as("migration " + rs.getString("version") + " succeeded").isTrue();
                versions.add(rs.getString("version"));
            }
        }
        return versions;
    }
}
