package org.marketcache.core.policy;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TtlPolicyTest {
    static final TtlPolicy.Settings SETTINGS = new TtlPolicy.Settings(Duration.ofHours(24), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 0.0, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(5));

    @Test
    void immutableValuesLiveLongAndNeverRefresh() {
        TtlPolicy<CacheKey, String> p = new TtlPolicy<>(SETTINGS, v -> v.startsWith("closed"));
        CacheEntry<String> e = p.stamp(new CacheKey("c", "g", "k"), "closed", 1000);
        assertThat(e.expireAt()).isEqualTo(1000 + Duration.ofHours(24).toMillis());
        assertThat(e.refreshAt()).isEqualTo(e.expireAt());
    }

    @Test
    void mutableValuesRefreshThenExpire() {
        TtlPolicy<CacheKey, String> p = new TtlPolicy<>(SETTINGS, v -> false);
        CacheEntry<String> e = p.stamp(new CacheKey("c", "g", "k"), "live", 1000);
        assertThat(e.refreshAt()).isEqualTo(3000);
        assertThat(e.expireAt()).isEqualTo(11000);
        CacheEntry<String> l1 = p.forL1(e, 1000);
        assertThat(l1.refreshAt()).isEqualTo(3000);
        assertThat(l1.expireAt()).isEqualTo(11000);
    }

    @Test
    void l1ClipsLongLivedEntries() {
        TtlPolicy<CacheKey, String> p = new TtlPolicy<>(SETTINGS, v -> true);
        CacheEntry<String> l1 = p.forL1(p.stamp(new CacheKey("c", "g", "k"), "x", 0), 0);
        assertThat(l1.refreshAt()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(l1.expireAt()).isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void jitterStaysWithinItsFraction() {
        TtlPolicy.Settings s = new TtlPolicy.Settings(Duration.ofSeconds(100), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 0.1, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ZERO);
        TtlPolicy<CacheKey, String> p = new TtlPolicy<>(s, v -> true);
        for (int i = 0; i < 1000; i++) {
            long ttl = p.stamp(new CacheKey("c", "g", "k"), "x", 0).expireAt();
            assertThat(ttl).isBetween(90_000L, 110_000L);
        }
    }

    @Test
    void settingsNameTheBrokenKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofSeconds(10), 0,
                        Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ZERO));
        assertThat(e.getMessage()).contains("mutable-refresh must not exceed mutable-ttl");
    }
}
