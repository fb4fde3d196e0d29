package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.MarketCacheException;
import org.marketcache.core.tier.TierTimeoutException;
import org.marketcache.core.tier.TierUnavailableException;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class L3CallTest {
    private static Vertx vertx;
    private static L3Call call;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        call = new L3Call(vertx);
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eachCallRunsOnANewDuplicatedContextEvenFromAPlainThread() {
        Set<Context> contexts = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            String answer = call.run("probe", Duration.ofSeconds(5), () -> {
                Context context = Vertx.currentContext();
                assertThat(context).isNotNull();
                assertThat(VertxContext.isDuplicatedContext(context)).isTrue();
                assertThat(Context.isOnEventLoopThread()).isTrue();
                contexts.add(context);
                return Uni.createFrom().item("ok");
            }).await().atMost(Duration.ofSeconds(5));
            assertThat(answer).isEqualTo("ok");
        }
        assertThat(contexts).hasSize(5);
    }

    @Test
    void aCallThatDoesNotAnswerFailsAtTheDeadlineNamingOperationElapsedAndBudget() {
        long started = System.nanoTime();
        Throwable t = failure(call.run("candles", Duration.ofMillis(150), () -> Uni.createFrom().nothing()));
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        assertThat(t).isInstanceOf(TierTimeoutException.class)
                .hasMessageMatching("candles/l3 timed out after 1[5-9]\\dms \\(budget 150ms\\)");
        assertThat(((MarketCacheException) t).code()).isEqualTo("L3_TIMEOUT");
        assertThat(elapsed).isBetween(150L, 1_000L);
    }

    @Test
    void failuresAreTranslatedAndThrownSuppliersToo() {
        assertThat(failure(call.run("trades", Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("boom");
        }))).isInstanceOf(TierUnavailableException.class)
                .hasMessageMatching("trades/l3 failed after \\d+ms: IllegalStateException: boom");
        CorruptValueException corrupt = new CorruptValueException("stored candle is not valid");
        assertThat(failure(call.run("candles", Duration.ofSeconds(5), () -> Uni.createFrom().failure(corrupt))))
                .isSameAs(corrupt);
    }

    @Test
    void serverAnswersAndConnectionProblemsGetTheirOwnMessages() {
        assertThat(L3Call.translate("candles", new SQLException("ERROR: canceling statement due to statement timeout"
                + " (57014)", "57014"), 3_001, 2_000))
                .isInstanceOf(TierTimeoutException.class)
                .hasMessage("candles/l3 timed out after 3001ms (budget 2000ms; the server cancelled the statement:"
                        + " canceling statement due to statement timeout (57014))");
        assertThat(L3Call.translate("trades", new RuntimeException(new ConnectException("Connection refused")), 4,
                2_000)).isInstanceOf(TierUnavailableException.class)
                .isNotInstanceOf(TierTimeoutException.class)
                .hasMessage("trades/l3 unavailable after 4ms: database unreachable (ConnectException: Connection"
                        + " refused)");
        assertThat(L3Call.translate("instruments", new SQLException("ERROR: the database system is shutting down"
                + " (57P03)", "57P03"), 1, 2_000))
                .hasMessage("instruments/l3 unavailable after 1ms: database refused the statement (SQLSTATE 57P03:"
                        + " the database system is shutting down (57P03))");
        assertThat(L3Call.translate("upsert-candles", new SQLException("ERROR: relation \"x\" does not exist\n"
                + "  Position: 15 (42P01)", "42P01"), 9, 10_000))
                .hasMessage("upsert-candles/l3 failed after 9ms: SQLSTATE 42P01: relation \"x\" does not exist");
    }

    private static Throwable failure(Uni<?> uni) {
        try {
            uni.await().atMost(Duration.ofSeconds(10));
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure");
    }
}
