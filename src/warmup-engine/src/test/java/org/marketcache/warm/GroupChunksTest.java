package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheKey;

class GroupChunksTest {
    static CacheKey key(int group, int i) {
        return new CacheKey("candles-1m", "binance:S" + group + "-USDT", "k:" + group + ":" + i);
    }

    @Test
    void chunksSpanAtMostTheGivenGroupsAndKeepEveryKeyOnceInOrder() {
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int g = 0; g < 20; g++) {
                keys.add(key(g, i));
            }
        }
        List<List<CacheKey>> chunks = GroupChunks.of(keys, 8);
        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(c -> assertThat(c.stream().map(CacheKey::group).distinct().count())
                .isLessThanOrEqualTo(8));
        assertThat(chunks.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(chunks.get(0).get(0)).isEqualTo(key(0, 0));
    }

    @Test
    void noKeysNoChunks() {
        assertThat(GroupChunks.of(List.of(), 8)).isEmpty();
    }
}
