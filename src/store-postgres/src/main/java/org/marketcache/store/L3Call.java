package org.marketcache.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.marketcache.core.MarketCacheException;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.tier.TierTimeoutException;
import org.marketcache.core.tier.TierUnavailableException;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * Runs one L3 operation: on its own Vert.x context, within a deadline, with failures translated into the
 * project's exceptions.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Context.</b> Hibernate Reactive binds its session to the current Vert.x context and must only be used
 *       from that context's event loop. Each operation gets a <em>new</em> duplicated context, flagged safe as
 *       Quarkus requires, derived from the caller's context when there is one (same event loop, no thread hop)
 *       or from a fresh event-loop context when the caller is a plain thread. A new one every time, because two
 *       operations sharing a context would share a session, and a session must not run two statements at once.
 *   <li><b>Deadline without cancellation.</b> Cancelling the {@code Uni} of a running Panache operation skips
 *       its {@code eventually(close)}, which would leak the session and its pooled connection. So the deadline is
 *       a Vert.x timer that fails the caller's {@code Uni} while the operation runs to its end and closes its
 *       session normally; whichever of the two settles first wins. A server-side {@code statement_timeout} bounds
 *       how long the abandoned statement may keep its connection.
 *   <li><b>Errors.</b> Messages start with {@code <operation>/l3} and carry elapsed time against budget, like
 *       every tier's; the cause is kept for logs, never shown to users.
 * </ul>
 */
final class L3Call {
    private static final Logger LOG = Logger.getLogger(L3Call.class);

    /** SQLSTATE classes and codes meaning "the database is not there", not "the statement is wrong". */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "53400",
            "25006", "40001", "40P01");
    /** query_canceled (statement_timeout) and lock_not_available (lock_timeout): the server gave up waiting. */
    private static final Set<String> TIMEOUT_STATES = Set.of("57014", "55P03");

    private final Vertx vertx;

    L3Call(Vertx vertx) {
        this.vertx = vertx;
    }

    <T> Uni<T> run(String operation, Duration budget, Supplier<Uni<T>> work) {
        long budgetMillis = Math.max(1, budget.toMillis());
        return Uni.createFrom().emitter(emitter -> {
            long started = System.nanoTime();
            Context current = Vertx.currentContext();
            Context context = VertxContext.createNewDuplicatedContext(current != null ? current
                    : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            AtomicBoolean settled = new AtomicBoolean();
            long timer = vertx.setTimer(budgetMillis, id -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.fail(new TierTimeoutException(Tier.L3, operation + "/l3 timed out after "
                            + elapsedMillis(started) + "ms (budget " + budgetMillis + "ms)"));
                }
            });
            context.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    uni = Uni.createFrom().failure(e);
                }
                uni.subscribe().with(item -> {
                    if (settled.compareAndSet(false, true)) {
                        vertx.cancelTimer(timer);
                        emitter.complete(item);
                    }
                }, failure -> {
                    MarketCacheException translated = translate(operation, failure, elapsedMillis(started),
                            budgetMillis);
                    if (settled.compareAndSet(false, true)) {
                        vertx.cancelTimer(timer);
                        emitter.fail(translated);
                    } else {
                        LOG.debugf("%s (after the caller's deadline had passed)", translated.getMessage());
                    }
                });
            });
        });
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    static MarketCacheException translate(String operation, Throwable failure, long elapsedMillis,
            long budgetMillis) {
        // The first cause that says what happened: ours, or the server's answer; else the innermost one.
        Throwable root = failure;
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            root = c;
            if (c instanceof MarketCacheException || sqlState(c) != null) {
                break;
            }
        }
        if (root instanceof MarketCacheException known) {
            return known;
        }
        String prefix = operation + "/l3 ";
        String state = sqlState(root);
        if (state != null) {
            String message = serverMessage(root);
            if (TIMEOUT_STATES.contains(state)) {
                return new TierTimeoutException(Tier.L3, prefix + "timed out after " + elapsedMillis + "ms (budget "
                        + budgetMillis + "ms; the server cancelled the statement: " + message + ")");
            }
            if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                return new TierUnavailableException(Tier.L3, prefix + "unavailable after " + elapsedMillis
                        + "ms: database refused the statement (SQLSTATE " + state + ": " + message + ")", root);
            }
            return new TierUnavailableException(Tier.L3, prefix + "failed after " + elapsedMillis
                    + "ms: SQLSTATE " + state + ": " + message, root);
        }
        if (isConnectionProblem(root)) {
            return new TierUnavailableException(Tier.L3, prefix + "unavailable after " + elapsedMillis
                    + "ms: database unreachable (" + describe(root) + ")", root);
        }
        return new TierUnavailableException(Tier.L3, prefix + "failed after " + elapsedMillis + "ms: "
                + describe(root), root);
    }

    /**
     * The SQLSTATE the server answered with, if {@code t} carries one: the Vert.x client raises
     * {@link PgException}; Hibernate Reactive rethrows it as a {@link SQLException} with the same state.
     */
    static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }

    private static String serverMessage(Throwable t) {
        String message = t instanceof PgException pg ? pg.getErrorMessage() : t.getMessage();
        if (message == null) {
            return "";
        }
        // Hibernate Reactive's form is "ERROR: <message> (<state>)".
        message = message.startsWith("ERROR: ") ? message.substring(7) : message;
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }

    private static boolean isConnectionProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException || c instanceof ClosedConnectionException
                    || c instanceof java.nio.channels.ClosedChannelException
                    || c.getClass().getName().startsWith("io.netty.channel.ConnectTimeoutException")
                    || c.getClass().getName().equals("io.netty.channel.AbstractChannel$AnnotatedConnectException")) {
                return true;
            }
            String message = c.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Pool closed")
                    || message.contains("Failed to create connection"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (message != null) {
            int newline = message.indexOf('\n');
            message = newline >= 0 ? message.substring(0, newline) : message;
        }
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
