package org.marketcache.testkit;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** L1 passes the tier contract. */
class CaffeineTierContractTest extends CacheTierContract<SeriesKey, SeriesChunk> {
    static final TtlPolicy.Settings SETTINGS = new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 0, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(1));
    final ManualTimeSource time = new ManualTimeSource(1_764_000_000_000L);
    final KeySchema keys = new KeySchema("contract");
    final Instrument btc = Instrument.of("binance", "BTC/USDT");
    Cache<SeriesKey, CacheEntry<SeriesChunk>> caffeine;
    CaffeineTier<SeriesKey, SeriesChunk> tier;

    @BeforeEach
    void setUp() {
        caffeine = Caffeine.newBuilder().maximumSize(100).build();
        tier = new CaffeineTier<>(LocalStore.caffeine(caffeine), time, new TtlPolicy<>(SETTINGS, SeriesChunk::complete));
    }

    @Override
    protected CacheTier<SeriesKey, SeriesChunk> tier() {
        return tier;
    }

    @Override
    protected ManualTimeSource time() {
        return time;
    }

    @Override
    protected SeriesKey key(int i) {
        return keys.candleChunk(btc, Timeframe.M1, 240, 122_000 + i);
    }

    @Override
    protected SeriesChunk value(int i) {
        return MarketFixtures.candleChunk(key(i), new BigDecimal("65000.1" + i));
    }

    @Override
    protected boolean sameValue(SeriesChunk a, SeriesChunk b) {
        return Arrays.equals(a.payload(), b.payload());
    }

    @Override
    protected Duration retention() {
        return SETTINGS.staleIfError();
    }

    /** L1 holds objects, not bytes: "corrupt" is a foreign object under our key, which must read as a miss. */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected void storeCorrupt(SeriesKey key) {
        ((Cache) caffeine).put(key, "not an entry");
    }

    @Override
    protected Duration stopAnswering() {
        return null;
    }
}
