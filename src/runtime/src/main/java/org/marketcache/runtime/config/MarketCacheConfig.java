package org.marketcache.runtime.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every {@code marketcache.*} key of the cache itself. Defaults and one line per key live in the reference file
 * {@code META-INF/microprofile-config.properties} of this module, each marked {@code [reloadable]} or
 * {@code [restart]}. Values are checked at start-up by {@link MarketCacheConfigCheck}, whose messages name the key.
 */
@ConfigMapping(prefix = "marketcache")
public interface MarketCacheConfig {

    Redis redis();

    @WithName("single-flight")
    SingleFlight singleFlight();

    @WithName("negative-cache")
    NegativeCache negativeCache();

    Candles candles();

    Trades trades();

    @WithName("orderbooks")
    OrderBooks orderBooks();

    Database database();

    Security security();

    Events events();

    Ingest ingest();

    /** Per-cache policy, keyed by cache name ({@code candles-1m}, ..., {@code trades}, {@code tickers}, {@code orderbooks}). */
    Map<String, CachePolicy> caches();

    interface Redis {
        @WithName("key-prefix")
        String keyPrefix();

        /** Deadline of every L2 call. */
        Duration timeout();

        @WithName("compress-above")
        int compressAbove();

        /** The eviction policy Redis should run with; checked against {@code CONFIG GET maxmemory-policy} at start. */
        @WithName("expected-eviction-policy")
        String expectedEvictionPolicy();

        /** Refuse to start when Redis says {@code noeviction} (a full Redis would then fail every write). */
        @WithName("fail-on-noeviction")
        boolean failOnNoeviction();

        @WithName("tombstone-ttl")
        Duration tombstoneTtl();

        @WithName("circuit-breaker")
        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        @WithName("request-volume")
        int requestVolume();

        @WithName("failure-ratio")
        double failureRatio();

        Duration delay();

        @WithName("success-threshold")
        int successThreshold();
    }

    interface SingleFlight {
        @WithName("lease-ttl")
        Duration leaseTtl();

        @WithName("lease-wait")
        Duration leaseWait();

        @WithName("poll-interval")
        Duration pollInterval();
    }

    interface NegativeCache {
        Duration ttl();

        @WithName("maximum-size")
        long maximumSize();

        @WithName("known-refresh")
        Duration knownRefresh();
    }

    interface Candles {
        /** Candles per cached chunk, by timeframe label. */
        @WithName("chunk-candles")
        Map<String, Integer> chunkCandles();

        @WithName("default-limit")
        int defaultLimit();

        @WithName("max-limit")
        int maxLimit();
    }

    interface Trades {
        @WithName("chunk-span")
        Duration chunkSpan();

        /** A trade chunk is complete (immutable) once its end is this far in the past: late trades still arrive. */
        @WithName("settle-after")
        Duration settleAfter();

        @WithName("default-limit")
        int defaultLimit();

        @WithName("max-limit")
        int maxLimit();

        @WithName("max-range")
        Duration maxRange();

        /** How far back a "latest trades" request looks before it gives up filling its limit. */
        @WithName("latest-lookback")
        Duration latestLookback();
    }

    interface OrderBooks {
        @WithName("default-depth")
        int defaultDepth();

        @WithName("max-depth")
        int maxDepth();
    }

    interface Database {
        /** Source loads running at once per pod; protects the database when L2 is down. */
        @WithName("bulkhead.max-concurrent")
        int bulkheadMaxConcurrent();

        @WithName("bulkhead.queue")
        int bulkheadQueue();
    }

    /**
     * Tokens for the write and admin endpoints. They come from configuration only (environment variables
     * {@code MARKETCACHE_ADMIN_TOKEN}, {@code MARKETCACHE_INGEST_TOKEN}, normally from a Kubernetes Secret), never
     * from code; a token that is not set disables the endpoints it guards (every call is refused).
     */
    interface Security {
        /** Guards invalidation, warm-up and admin operations. */
        @WithName("admin-token")
        java.util.Optional<String> adminToken();

        /** Guards the ingest endpoints. */
        @WithName("ingest-token")
        java.util.Optional<String> ingestToken();
    }

    interface Events {
        /** Read the event stream and apply it to this pod's L1 (off only for tools that hold no L1). */
        boolean consume();

        /** Entries kept in the stream; a pod that falls further behind drops all of its L1. */
        @WithName("max-length")
        long maxLength();

        /** How long one blocking read waits for new events. */
        Duration block();

        /** After this long without reaching the stream, a pod drops its whole L1 (it may have missed events). */
        @WithName("outage-drop-after")
        Duration outageDropAfter();
    }

    /** How each data type is written, and the limits of the ingest endpoints. */
    interface Ingest {
        /** Write mode by data type ({@code candles}, {@code trades}, {@code tickers}, {@code orderbooks}). */
        @WithName("write-mode")
        Map<String, WriteMode> writeMode();

        /** Most records in one request. */
        @WithName("max-records")
        int maxRecords();

        /** Largest request body in bytes (larger: 413). */
        @WithName("max-body-bytes")
        int maxBodyBytes();

        @WithName("write-back")
        WriteBack writeBack();
    }

    /** write-through: database, then L2, then L1 events; write-back: log in Redis, L2 now, database later; write-around: database, then invalidate. */
    enum WriteMode {
        WRITE_THROUGH, WRITE_BACK, WRITE_AROUND;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    interface WriteBack {
        /** Run a flusher in this pod (draining the log into the database). */
        boolean flusher();

        /** Log entries waiting for the database beyond which ingest answers 503 with Retry-After. */
        @WithName("max-pending")
        long maxPending();

        /** Log entries one flusher takes at a time. */
        int batch();

        /** A pending entry idle this long belonged to a flusher that died: another flusher takes it over. */
        @WithName("claim-idle")
        Duration claimIdle();

        /** Deliveries after which an entry goes to the dead-letter stream. */
        @WithName("max-attempts")
        int maxAttempts();

        /** Pause after a failed database write before the flusher tries again (doubling, up to 30 s). */
        @WithName("retry-backoff")
        Duration retryBackoff();
    }

    interface CachePolicy {
        @WithName("immutable-ttl")
        Duration immutableTtl();

        @WithName("mutable-refresh")
        Duration mutableRefresh();

        @WithName("mutable-ttl")
        Duration mutableTtl();

        @WithDefault("0.1")
        double jitter();

        @WithName("l1.ttl")
        Duration l1Ttl();

        @WithName("l1.refresh")
        Duration l1Refresh();

        @WithName("stale-if-error")
        Duration staleIfError();
    }
}
