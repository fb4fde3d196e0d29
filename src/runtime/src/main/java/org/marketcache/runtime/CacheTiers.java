package org.marketcache.runtime;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.engine.Delayer;
import org.marketcache.core.tier.LoadCoordinator;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.metrics.MicrometerCacheMetrics;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.engine.TierView;
import org.marketcache.core.TimeSource;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.core.codec.ValueCodec;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.OrderBookCodec;
import org.marketcache.marketdata.cache.OrderBookView;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerCodec;
import org.marketcache.marketdata.cache.TickerView;
import org.marketcache.marketdata.cache.TradeChunkCodec;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.fault.GuardedCoordinator;
import org.marketcache.runtime.fault.GuardedRemoteTier;
import org.marketcache.runtime.fault.GuardedSourceTier;
import org.marketcache.runtime.caffeine.L1Caches;
import org.marketcache.runtime.caffeine.QuarkusCacheStore;
import org.marketcache.runtime.redis.RedisLoadCoordinator;
import org.marketcache.runtime.redis.RedisTier;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.runtime.live.LiveConfig;
import org.marketcache.store.MarketDataStore;
import org.marketcache.store.PostgresCandleTier;
import org.marketcache.store.PostgresSnapshotTier;
import org.marketcache.store.PostgresTradeTier;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.redis.client.Redis;

/**
 * Assembles one {@link TieredCache} per cache name from configuration: L1 on the Quarkus Cache of that name, L2 on
 * Redis behind the circuit breaker, L3 on PostgreSQL behind the bulkhead, sharing one lease coordinator, one clock
 * and one metrics binding. Everything a function reads or writes goes through these caches.
 */
@ApplicationScoped
public class CacheTiers {
    @Inject
    MarketCacheConfig config;
    @Inject
    L1Caches l1Caches;
    @Inject
    Redis redis;
    @Inject
    MeterRegistry registry;
    @Inject
    FaultGuards guards;
    @Inject
    TimeSource time;
    @Inject
    Delayer delayer;
    @Inject
    KeySchema keys;
    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    LiveConfig live;
    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    private final Map<String, TieredCache<?, ?>> byName = new LinkedHashMap<>();
    private final EnumMap<Timeframe, TieredCache<SeriesKey, SeriesChunk>> candles = new EnumMap<>(Timeframe.class);
    private TieredCache<SeriesKey, SeriesChunk> trades;
    private TieredCache<SnapshotKey, TickerView> tickers;
    private TieredCache<SnapshotKey, OrderBookView> orderBooks;
    private MicrometerCacheMetrics metrics;
    private LoadCoordinator<CacheKey> coordinator;
    private String endpoint;

    @PostConstruct
    void init() {
        endpoint = maskCredentials(redisHosts);
        metrics = new MicrometerCacheMetrics(registry);
        coordinator = new GuardedCoordinator<>(new RedisLoadCoordinator<>(redis, keys,
                UUID.randomUUID().toString(), () -> new RedisLoadCoordinator.Settings(
                        live.settings().leaseTtl(), live.settings().redisTimeout()), endpoint), guards);
        for (Timeframe tf : Timeframe.values()) {
            String name = CacheNames.candles(tf);
            TtlPolicy<SeriesKey, SeriesChunk> policy = policy(name, SeriesChunk::complete);
            candles.put(tf, build(name, CandleChunkCodec.INSTANCE, policy,
                    new PostgresCandleTier(store, instruments, tf, policy, time)));
        }
        TtlPolicy<SeriesKey, SeriesChunk> tradePolicy = policy(CacheNames.TRADES, SeriesChunk::complete);
        trades = build(CacheNames.TRADES, TradeChunkCodec.INSTANCE, tradePolicy,
                new PostgresTradeTier(store, instruments, tradePolicy, time, config.trades().settleAfter()));
        TtlPolicy<SnapshotKey, TickerView> tickerPolicy = policy(CacheNames.TICKERS, v -> false);
        tickers = build(CacheNames.TICKERS, TickerCodec.INSTANCE, tickerPolicy,
                PostgresSnapshotTier.tickers(store, instruments, tickerPolicy, time));
        TtlPolicy<SnapshotKey, OrderBookView> bookPolicy = policy(CacheNames.ORDERBOOKS, v -> false);
        orderBooks = build(CacheNames.ORDERBOOKS, OrderBookCodec.INSTANCE, bookPolicy,
                PostgresSnapshotTier.orderBooks(store, instruments, bookPolicy, time));
    }

    /**
     * The policy settings of cache {@code name} in {@code config}.
     *
     * @throws IllegalStateException if the cache is not configured
     * @throws IllegalArgumentException if its settings break a rule of {@link TtlPolicy.Settings}
     */
    public static TtlPolicy.Settings settings(MarketCacheConfig config, String name) {
        MarketCacheConfig.CachePolicy p = config.caches().get(name);
        if (p == null) {
            throw new IllegalStateException("marketcache.caches.\"" + name + "\" is not configured; the reference"
                    + " file META-INF/microprofile-config.properties of marketcache-runtime sets every cache");
        }
        return new TtlPolicy.Settings(p.immutableTtl(), p.mutableRefresh(), p.mutableTtl(), p.jitter(), p.l1Ttl(),
                p.l1Refresh(), p.staleIfError());
    }

    private <K extends CacheKey, V> TtlPolicy<K, V> policy(String name, Predicate<? super V> immutable) {
        return new TtlPolicy<>(live.settings().cache(name).policy(), immutable);
    }

    private <K extends CacheKey, V> TieredCache<K, V> build(String name, ValueCodec<V> codec, TtlPolicy<K, V> policy,
            CacheTier<K, V> source) {
        QuarkusCacheStore<K, CacheEntry<V>> store = new QuarkusCacheStore<>(l1Caches.get(name));
        TieredCache<K, V> cache = engine(name, codec, policy, source, store, coordinator);
        Gauge.builder("cache.size", cache.view(), TierView::l1Size).tag("cache", name).tag("tier", "l1")
                .description("Entries in this pod's L1").register(registry);
        if (store.caffeine() != null) {
            FunctionCounter.builder("cache.evictions", store.caffeine(),
                    c -> c.synchronous().stats().evictionCount()).tag("cache", name).tag("tier", "l1")
                    .description("L1 entries evicted for size").register(registry);
        }
        byName.put(name, cache);
        return cache;
    }

    /**
     * Another engine for the candles of {@code tf} with an L1 and a lease token of its own, sharing Redis and the
     * database: it behaves like a second pod. For tests and benchmarks of cross-pod behaviour in one JVM.
     */
    public TieredCache<SeriesKey, SeriesChunk> candlesAsAnotherPod(Timeframe tf) {
        return candlesAsAnotherPod(tf, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #candlesAsAnotherPod(Timeframe)}, with the source wrapped by {@code sourceWrapper}: lets a test hold
     * a real database load open at a chosen moment to check an interleaving deterministically.
     */
    @SuppressWarnings("unchecked")
    public TieredCache<SeriesKey, SeriesChunk> candlesAsAnotherPod(Timeframe tf,
            java.util.function.UnaryOperator<CacheTier<SeriesKey, SeriesChunk>> sourceWrapper) {
        String name = CacheNames.candles(tf);
        TieredCache<SeriesKey, SeriesChunk> mine = candles.get(tf);
        TtlPolicy<SeriesKey, SeriesChunk> policy = (TtlPolicy<SeriesKey, SeriesChunk>) mine.policy();
        LoadCoordinator<CacheKey> otherToken = new GuardedCoordinator<>(new RedisLoadCoordinator<>(redis, keys,
                UUID.randomUUID().toString(), () -> new RedisLoadCoordinator.Settings(
                        live.settings().leaseTtl(), live.settings().redisTimeout()), endpoint), guards);
        return engine(name, CandleChunkCodec.INSTANCE, policy, sourceWrapper.apply(new PostgresCandleTier(store,
                instruments, tf, policy, time)), LocalStore.caffeine(Caffeine.newBuilder().maximumSize(10_000).build()),
                otherToken);
    }

    /**
     * The candles' L2 of {@code tf} as a reader in another pod reaches it, below any engine: its reads and its
     * conditional fills. For tests that play one side of a fill race by hand (a fill prepared before a write must be
     * refused after it); the engines themselves never hand out their tiers.
     */
    @SuppressWarnings("unchecked")
    public RemoteTier<SeriesKey, SeriesChunk> candlesL2AsAnotherPod(Timeframe tf) {
        TtlPolicy<SeriesKey, SeriesChunk> policy = (TtlPolicy<SeriesKey, SeriesChunk>) candles.get(tf).policy();
        return new GuardedRemoteTier<>(redisTier(CacheNames.candles(tf), CandleChunkCodec.INSTANCE, policy), guards);
    }

    private <K extends CacheKey, V> RedisTier<K, V> redisTier(String name, ValueCodec<V> codec,
            TtlPolicy<K, V> policy) {
        return new RedisTier<>(name, redis, keys, codec,
                () -> new RedisTier.Settings(live.settings().redisTimeout(), live.settings().compressAbove(),
                        live.settings().tombstoneTtl()),
                time, policy, metrics.forCache(name), endpoint);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <K extends CacheKey, V> TieredCache<K, V> engine(String name, ValueCodec<V> codec, TtlPolicy<K, V> policy,
            CacheTier<K, V> source, LocalStore<K, CacheEntry<V>> store, LoadCoordinator<CacheKey> leases) {
        CaffeineTier<K, V> l1 = new CaffeineTier<>(store, time, policy);
        RedisTier<K, V> l2 = redisTier(name, codec, policy);
        TieredCache<K, V> cache = TieredCache.<K, V>builder(name).l1(l1).l2(new GuardedRemoteTier<>(l2, guards))
                .l3(new GuardedSourceTier<>(source, guards)).policy(policy)
                .coordinator((LoadCoordinator) leases).time(time).delayer(delayer).metrics(metrics)
                .settings(new TieredCache.Settings(live.settings().leaseWait(),
                        live.settings().pollInterval()))
                .build();
        return cache;
    }

    public TieredCache<SeriesKey, SeriesChunk> candles(Timeframe tf) {
        return candles.get(tf);
    }

    public TieredCache<SeriesKey, SeriesChunk> trades() {
        return trades;
    }

    public TieredCache<SnapshotKey, TickerView> tickers() {
        return tickers;
    }

    public TieredCache<SnapshotKey, OrderBookView> orderBooks() {
        return orderBooks;
    }

    /** Every cache by name, in a stable order. */
    public Map<String, TieredCache<?, ?>> all() {
        return byName;
    }

    public KeySchema keys() {
        return keys;
    }

    public String redisEndpoint() {
        return endpoint;
    }

    /** {@code redis://user:secret@host} becomes {@code redis://user:***@host}: secrets never reach logs. */
    public static String maskCredentials(String hosts) {
        return hosts == null ? "" : hosts.replaceAll("(://[^:@/,]*:)[^@/,]*@", "$1***@");
    }
}
