package org.marketcache.admin;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Asks Redis and PostgreSQL, each with its own deadline, for {@link AdminStatus}. One query answers both whether the
 * database is reachable and its schema version: the last successful versioned row of Flyway's history table. A
 * database without that table is reachable but never migrated (the migration Job has not run).
 */
@ApplicationScoped
public class StatusProbe {
    private static final Logger LOG = Logger.getLogger(StatusProbe.class);
    /** Per dependency; an operator's status call should answer in seconds even with both away. */
    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Flyway's default history table, which the migrations use ({@code quarkus.flyway.table} is not set). */
    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final String UNDEFINED_TABLE = "42P01";

    @Inject
    Redis redis;
    @Inject
    Pool pool;
    @ConfigProperty(name = "quarkus.application.name")
    String function;

    public CompletionStage<AdminStatus> status() {
        CompletableFuture<Boolean> redisUp = redis.send(Request.cmd(Command.PING)).toCompletionStage()
                .toCompletableFuture().orTimeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, err) -> {
                    if (err != null) {
                        LOG.debugf("admin status: Redis PING failed: %s", err.toString());
                    }
                    return err == null;
                });
        CompletableFuture<Schema> schema = pool.query("SELECT version FROM " + HISTORY_TABLE
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1").execute()
                .subscribeAsCompletionStage().orTimeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .handle((rows, err) -> {
                    if (err == null) {
                        RowIterator<Row> it = rows.iterator();
                        return new Schema(true, it.hasNext() ? it.next().getString("version") : null);
                    }
                    Throwable cause = err instanceof CompletionException && err.getCause() != null
                            ? err.getCause() : err;
                    if (cause instanceof PgException pg && UNDEFINED_TABLE.equals(pg.getSqlState())) {
                        return new Schema(true, null);
                    }
                    LOG.debugf("admin status: database query failed: %s", cause.toString());
                    return new Schema(false, null);
                });
        return redisUp.thenCombine(schema, (r, s) -> new AdminStatus(function, s.version(),
                r ? AdminStatus.UP : AdminStatus.DOWN, s.reachable() ? AdminStatus.UP : AdminStatus.DOWN));
    }

    private record Schema(boolean reachable, String version) {
    }
}
