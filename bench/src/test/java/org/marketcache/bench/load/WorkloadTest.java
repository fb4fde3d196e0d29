package org.marketcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.marketcache.bench.replay.TraceReplay;

class WorkloadTest {
    private static final long NOW = 1_767_268_800_000L;

    private static Workload workload() {
        return new Workload(List.of("binance", "okx", "huobi"), 50, 7, 2, Workload.Mix.defaults());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void sameSeedSameRequests(long seed) {
        Workload w = workload();
        SplittableRandom a = new SplittableRandom(seed);
        SplittableRandom b = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            assertThat(w.next(a, NOW)).isEqualTo(w.next(b, NOW));
        }
    }

    @Test
    void mixAndPopularityShowInTheDraws() {
        Workload w = workload();
        SplittableRandom r = new SplittableRandom(7);
        Map<String, Integer> byEndpoint = new HashMap<>();
        int btcBinance = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Workload.Request q = w.next(r, NOW);
            byEndpoint.merge(q.endpoint(), 1, Integer::sum);
            if (q.path().contains("/binance/BTC-USDT")) {
                btcBinance++;
            }
        }
        assertThat(byEndpoint.get("candles") / (double) n).isBetween(0.58, 0.62);
        assertThat(byEndpoint.get("tickers") / (double) n).isBetween(0.18, 0.22);
        assertThat(byEndpoint.get("orderbooks") / (double) n).isBetween(0.13, 0.17);
        assertThat(byEndpoint.get("trades") / (double) n).isBetween(0.04, 0.06);
        // Zipf: the top instrument is by far the most requested, yet far from all requests.
        assertThat(btcBinance / (double) n).isBetween(0.05, 0.30);
    }

    @Test
    void historicalCandleRangesStartOnWholeHoursInsideTheHistory() {
        Workload w = new Workload(List.of("binance"), 5, 7, 2, new Workload.Mix(1, 0, 0, 0, 0));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            String path = w.next(r, NOW).path();
            long from = Long.parseLong(path.replaceAll(".*from=(\\d+).*", "$1"));
            assertThat(from % 3_600_000L).isZero();
            assertThat(from).isBetween(NOW - 7 * 86_400_000L, NOW - 3_600_000L);
        }
    }

    @Test
    void badMixIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.Mix.parse("1:2"));
        assertThat(e.getMessage()).contains("--mix");
    }

    @Test
    void replayCountsRepeatsAsL1HitsAndSharedChunksAcrossRanges() {
        TraceReplay replay = new TraceReplay(1000, 0);
        List<TraceReplay.Line> lines = new ArrayList<>();
        long from = NOW - 24 * 3_600_000L;
        lines.add(new TraceReplay.Line(NOW, "/v1/candles/binance/BTC-USDT?timeframe=1m&from=" + from + "&limit=480"));
        // Overlaps the first request's chunks: a key-value cache keyed by the request misses, chunks hit.
        lines.add(new TraceReplay.Line(NOW + 1, "/v1/candles/binance/BTC-USDT?timeframe=1m&from=" + (from + 3_600_000L)
                + "&limit=240"));
        lines.forEach(replay::accept);
        TraceReplay.Result result = replay.result();
        assertThat(result.requests()).isEqualTo(2);
        assertThat(result.keys()).isEqualTo(4);
        assertThat(result.l1Hits()).isEqualTo(2);
        assertThat(result.requestsAllL1()).isEqualTo(1);
    }
}
