package org.marketcache.warmup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.marketcache.warmup.WarmupFixtures.BTC;
import static org.marketcache.warmup.WarmupFixtures.TOKEN;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.MarketCacheTestResource;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The in-process schedule: with a cron configured, a warm-up runs by itself and warms the critical set. */
@QuarkusTest
@TestProfile(ScheduledWarmupIT.EveryTwoSeconds.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class ScheduledWarmupIT {

    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.warmup.cron", "*/2 * * * * ?");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    MeterRegistry registry;

    @Test
    void aScheduledRunHappensAndWarmsTheCriticalSet() {
        WarmupFixtures.seed(store, instruments, List.of(BTC), System.currentTimeMillis(), 2);
        Awaitility.await("a cron-triggered run that warmed BTC's ticker").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(tiers.tickers().view()
                        .readL2(List.of(keys.ticker(BTC))).toCompletableFuture().get(5, TimeUnit.SECONDS).entries())
                        .hasSize(1));
        given().header("Authorization", TOKEN).get("/v1/warmup/last").then().statusCode(200)
                .body("trigger", equalTo("cron"));
        assertThat(registry.find("cache.warmup.runs").tag("trigger", "cron").timers())
                .anySatisfy(t -> assertThat(t.count()).isPositive());
        assertThat(registry.find("cache.warmup.keys").tag("cache", "tickers").tag("result", "warmed").counter())
                .isNotNull();
    }
}
