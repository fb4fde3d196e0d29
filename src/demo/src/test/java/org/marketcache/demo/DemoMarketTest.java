package org.marketcache.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Symbol;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DemoMarketTest {
    /** 2026-03-14T13:37:42.123Z: mid-minute, so the live candle is partial. */
    private static final long NOW = 1_773_495_462_123L;

    /** Randomised small markets: the seed of each case is its parameter, so a failure names it. */
    static LongStream seeds() {
        return LongStream.range(0, 12);
    }

    static DemoSpec smallSpec(long caseSeed) {
        Random r = new Random(caseSeed);
        return new DemoSpec(List.of(new Exchange("binance"), new Exchange("okx")), 15, 1, r.nextInt(25),
                r.nextLong(), NOW + (long) (r.nextDouble() * 86_400_000L));
    }

    @Test
    void defaultsAreThreeExchangesTenSymbolsSevenDaysTwoHoursOfTrades() {
        DemoMarket market = DemoMarket.of(DemoSpec.defaults(1, NOW));
        assertThat(market.instruments()).hasSize(30)
                .contains(Instrument.of("binance", "BTC/USDT"), Instrument.of("okx", "ETH/USDT"),
                        Instrument.of("huobi", "BNB/USDT"));
        DemoSeries btc = market.series(Instrument.of("binance", "BTC/USDT"));
        assertThat(btc.candles()).hasSize(7 * 1440);
        assertThat(btc.trades()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.time()).isGreaterThanOrEqualTo(NOW - NOW % 60_000 - 2 * 3_600_000L));
        // Realistic levels and ticks: BTC in dollars and cents, a week of 2.5 % daily moves stays near 65k.
        assertThat(btc.candles()).allSatisfy(c -> assertThat(c.close().scale()).isEqualTo(2));
        assertThat(btc.ticker().last().doubleValue()).isBetween(40_000.0, 100_000.0);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void candlesAreValidAlignedContiguousAndOnlyTheLastIsLive(long caseSeed) {
        DemoSpec spec = smallSpec(caseSeed);
        DemoMarket market = DemoMarket.of(spec);
        for (Instrument instrument : market.instruments()) {
            DemoSeries series = market.series(instrument);
            List<Candle> candles = series.candles();
            assertThat(candles).hasSize(spec.minutes());
            assertThat(candles.get(candles.size() - 1).openTime()).isEqualTo(Timeframe.M1.align(spec.nowMillis()));
            for (int i = 0; i < candles.size(); i++) {
                Candle c = candles.get(i).requireAligned(Timeframe.M1);
                assertThat(c.closed()).isEqualTo(i < candles.size() - 1);
                assertThat(List.of(c.open(), c.high(), c.low(), c.close()))
                        .allSatisfy(p -> assertThat(p.scale()).isEqualTo(series.profile().priceScale()));
                assertThat(c.volume().scale()).isEqualTo(series.profile().amountScale());
                if (i > 0) {
                    assertThat(c.openTime() - candles.get(i - 1).openTime()).isEqualTo(60_000L);
                    assertThat(c.open()).isEqualTo(candles.get(i - 1).close());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tradesRebuildTheirCandlesExactly(long caseSeed) {
        DemoSpec spec = smallSpec(caseSeed);
        DemoMarket market = DemoMarket.of(spec);
        for (Instrument instrument : market.instruments()) {
            DemoSeries series = market.series(instrument);
            List<Trade> trades = series.trades();
            for (int i = 1; i < trades.size(); i++) {
                Trade a = trades.get(i - 1);
                Trade b = trades.get(i);
                assertThat(a.time() < b.time() || (a.time() == b.time() && a.id().compareTo(b.id()) < 0))
                        .as("trades ascending by time then id: %s then %s", a, b).isTrue();
            }
            Map<Long, List<Trade>> byMinute = new TreeMap<>();
            for (Trade t : trades) {
                assertThat(t.time()).isLessThanOrEqualTo(spec.nowMillis());
                byMinute.computeIfAbsent(Timeframe.M1.align(t.time()), k -> new ArrayList<>()).add(t);
            }
            for (Candle c : series.candles()) {
                List<Trade> minute = byMinute.getOrDefault(c.openTime(), List.of());
                if (c.openTime() < spec.tradesFrom()) {
                    assertThat(minute).isEmpty();
                    continue;
                }
                assertThat(minute).hasSizeGreaterThanOrEqualTo(4);
                assertThat(minute.get(0).price()).isEqualTo(c.open());
                assertThat(minute.get(minute.size() - 1).price()).isEqualTo(c.close());
                assertThat(minute.stream().map(Trade::price).max(Comparator.naturalOrder())).contains(c.high());
                assertThat(minute.stream().map(Trade::price).min(Comparator.naturalOrder())).contains(c.low());
                assertThat(minute.stream().map(Trade::amount).reduce(BigDecimal::add)).contains(c.volume());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void tickerAndBookSitAroundTheLastClose(long caseSeed) {
        DemoSpec spec = smallSpec(caseSeed);
        DemoMarket market = DemoMarket.of(spec);
        for (Instrument instrument : market.instruments()) {
            DemoSeries series = market.series(instrument);
            Ticker ticker = series.ticker();
            Candle live = series.candles().get(series.candles().size() - 1);
            assertThat(ticker.time()).isEqualTo(spec.nowMillis());
            assertThat(ticker.last()).isEqualTo(live.close());
            assertThat(ticker.bid()).isLessThanOrEqualTo(ticker.last()).isLessThan(ticker.ask());
            assertThat(ticker.ask()).isGreaterThanOrEqualTo(ticker.last());
            assertThat(ticker.volume24h()).isEqualTo(series.candles().subList(series.candles().size() - 1440,
                    series.candles().size()).stream().map(Candle::volume).reduce(BigDecimal::add).orElseThrow());

            OrderBook book = series.orderBook();
            assertThat(book.bids()).hasSizeBetween(50, 200);
            assertThat(book.asks()).hasSizeBetween(50, 200);
            assertThat(book.bids().get(0).price()).isEqualTo(ticker.bid());
            assertThat(book.asks().get(0).price()).isEqualTo(ticker.ask());
            assertThat(book.bids()).extracting(PriceLevel::price)
                    .isSortedAccordingTo(Comparator.<BigDecimal>reverseOrder()).doesNotHaveDuplicates();
            assertThat(book.asks()).extracting(PriceLevel::price).isSorted().doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theSameSeedGivesTheSameMarketAndAnotherSeedAnother(long caseSeed) {
        long seed = new Random(caseSeed).nextLong();
        DemoSpec spec = new DemoSpec(List.of(new Exchange("okx")), 3, 1, 1, seed, NOW);
        DemoSpec other = new DemoSpec(List.of(new Exchange("okx")), 3, 1, 1, seed + 1, NOW);
        for (Instrument instrument : DemoMarket.of(spec).instruments()) {
            assertThat(DemoMarket.of(spec).series(instrument)).isEqualTo(DemoMarket.of(spec).series(instrument));
            assertThat(DemoMarket.of(other).series(instrument).candles())
                    .isNotEqualTo(DemoMarket.of(spec).series(instrument).candles());
        }
    }

    @Test
    void changingTheTradeWindowLeavesCandlesAlone() {
        DemoSpec oneHour = new DemoSpec(List.of(new Exchange("okx")), 2, 2, 1, 7, NOW);
        DemoSpec sixHours = new DemoSpec(List.of(new Exchange("okx")), 2, 2, 6, 7, NOW);
        Instrument btc = Instrument.of("okx", "BTC/USDT");
        List<Candle> a = DemoMarket.of(oneHour).series(btc).candles();
        List<Candle> b = DemoMarket.of(sixHours).series(btc).candles();
        // Volumes inside the wider window may be raised to cover at least one unit per trade; prices never move.
        assertThat(a).extracting(Candle::close).isEqualTo(b.stream().map(Candle::close).toList());
    }

    @Test
    void popularityIsZipfAndSumsToOne() {
        DemoMarket market = DemoMarket.of(DemoSpec.defaults(3, NOW));
        Popularity popularity = market.popularity();
        double[] weights = popularity.weights();
        assertThat(java.util.Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-12));
        List<Instrument> instruments = popularity.instruments();
        for (int e = 0; e < 3; e++) {
            for (int rank = 1; rank <= 10; rank++) {
                double ratio = weights[e * 10] / weights[e * 10 + rank - 1];
                assertThat(ratio).isCloseTo(Math.pow(rank, Popularity.SYMBOL_EXPONENT), within(1e-9));
            }
        }
        assertThat(popularity.weight(Instrument.of("binance", "BTC/USDT")) / popularity.weight(
                Instrument.of("okx", "BTC/USDT"))).isCloseTo(2.0, within(1e-9));
        assertThat(instruments.get(0)).isEqualTo(Instrument.of("binance", "BTC/USDT"));
    }

    @Test
    void samplingFollowsTheWeights() {
        Popularity popularity = DemoMarket.of(DemoSpec.defaults(3, NOW)).popularity();
        SplittableRandom random = new SplittableRandom(11);
        int draws = 300_000;
        Map<Instrument, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(popularity.sample(random), 1, Integer::sum);
        }
        for (Instrument instrument : popularity.instruments()) {
            double expected = popularity.weight(instrument);
            double sigma = Math.sqrt(expected * (1 - expected) / draws);
            assertThat(counts.getOrDefault(instrument, 0) / (double) draws)
                    .as(instrument.toString()).isCloseTo(expected, within(5 * sigma));
        }
    }

    @Test
    void popularInstrumentsTradeMore() {
        DemoMarket market = DemoMarket.of(DemoSpec.defaults(5, NOW));
        DemoSeries top = market.series(Instrument.of("binance", "BTC/USDT"));
        DemoSeries tenth = market.series(Instrument.of("binance", "DOT/USDT"));
        DemoSeries huobiTop = market.series(Instrument.of("huobi", "BTC/USDT"));
        assertThat(top.trades().size()).isGreaterThan(5 * tenth.trades().size());
        assertThat(top.trades().size()).isGreaterThan(huobiTop.trades().size());
        assertThat(quoteVolume(top)).isGreaterThan(5 * quoteVolume(tenth));
        assertThat(top.orderBook().bids().size()).isGreaterThan(tenth.orderBook().bids().size());
    }

    @Test
    void volatilityClusters() {
        // GARCH(1,1): large moves follow large moves, so |returns| are positively autocorrelated; an i.i.d. walk
        // would give about 0 (standard error here about 0.01).
        DemoSeries btc = DemoMarket.of(DemoSpec.defaults(9, NOW)).series(Instrument.of("binance", "BTC/USDT"));
        List<Candle> candles = btc.candles();
        double[] moves = new double[candles.size() - 1];
        for (int i = 1; i < candles.size(); i++) {
            moves[i - 1] = Math.abs(Math.log(candles.get(i).close().doubleValue()
                    / candles.get(i - 1).close().doubleValue()));
        }
        assertThat(autocorrelation(moves, 1)).isGreaterThan(0.05);
        assertThat(autocorrelation(moves, 10)).isGreaterThan(0.03);
    }

    @Test
    void syntheticSymbolsBeyondTheCatalogueAreValid() {
        DemoSpec spec = new DemoSpec(List.of(new Exchange("x")), 40, 1, 1, 21, NOW);
        DemoMarket market = DemoMarket.of(spec);
        assertThat(market.instruments()).hasSize(40).contains(new Instrument(new Exchange("x"),
                new Symbol("ALT40", "USDT")));
        for (Instrument instrument : market.instruments()) {
            assertThat(market.series(instrument).candles()).hasSize(1440);
        }
    }

    private static double quoteVolume(DemoSeries series) {
        return series.candles().stream().mapToDouble(c -> c.volume().doubleValue() * c.close().doubleValue()).sum();
    }

    private static double autocorrelation(double[] x, int lag) {
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            den += (x[i] - mean) * (x[i] - mean);
            if (i >= lag) {
                num += (x[i] - mean) * (x[i - lag] - mean);
            }
        }
        return num / den;
    }
}
