package org.marketcache.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.demo.DemoMarket;
import org.marketcache.demo.DemoSpec;
import org.marketcache.demo.Popularity;

/**
 * The read mix every implementation is driven with: which request comes next, as a path of the read function's API.
 *
 * <ul>
 *   <li><b>Instruments</b> are drawn from the demo market's Zipf popularity ({@link Popularity}: symbol rank
 *       exponent 1.1, exchange rank exponent 1.0), so hot keys are the instruments that trade most.</li>
 *   <li><b>Data types</b> by {@link Mix}: candles, tickers, order books, trades.</li>
 *   <li><b>Recent versus historical</b>: a recent request asks for the latest N (candles: N in 100/200/500; trades:
 *       100); a historical one starts at a whole hour (candles: within the seeded history; trades: within the seeded
 *       trade window) and asks for the first N from there. Real back-testers page over hour- or day-aligned ranges
 *       that overlap but rarely repeat exactly: this is what separates a range-aware cache from one keyed by the
 *       request.</li>
 *   <li><b>Timeframes</b>: 1m 35%, 5m 20%, 15m 15%, 1h 15%, 4h 10%, 1d 5%.</li>
 * </ul>
 * The same seed gives the same sequence of draws (times are relative to the wall clock at the draw).
 */
public final class Workload implements RequestSource {
    private static final Timeframe[] TIMEFRAMES = {Timeframe.M1, Timeframe.M5, Timeframe.M15, Timeframe.H1,
        Timeframe.H4, Timeframe.D1};
    private static final double[] TIMEFRAME_WEIGHTS = {0.35, 0.20, 0.15, 0.15, 0.10, 0.05};
    private static final int[] RECENT_LIMITS = {100, 200, 500};
    private static final double[] RECENT_LIMIT_WEIGHTS = {0.4, 0.2, 0.4};
    private static final int[] HISTORY_LIMITS = {100, 250, 500};
    private static final long HOUR = 3_600_000L;

    /** Shares of the data types (normalised) and the share of recent (latest-N) requests among series reads. */
    public record Mix(double candles, double tickers, double orderBooks, double trades, double recent) {
        public Mix {
            if (candles < 0 || tickers < 0 || orderBooks < 0 || trades < 0 || candles + tickers + orderBooks + trades <= 0) {
                throw new IllegalArgumentException("mix weights must be non-negative and not all zero: " + candles
                        + "/" + tickers + "/" + orderBooks + "/" + trades);
            }
            if (recent < 0 || recent > 1) {
                throw new IllegalArgumentException("recent share must be between 0 and 1: " + recent);
            }
        }

        /** Candles 60%, tickers 20%, order books 15%, trades 5%; 80% of series reads ask for the latest. */
        public static Mix defaults() {
            return new Mix(0.60, 0.20, 0.15, 0.05, 0.80);
        }

        /** {@code candles:tickers:orderbooks:trades:recent}, e.g. {@code 60:20:15:5:0.8}. */
        public static Mix parse(String s) {
            String[] p = s.split(":");
            if (p.length != 5) {
                throw new IllegalArgumentException("--mix must be candles:tickers:orderbooks:trades:recent, e.g."
                        + " 60:20:15:5:0.8: " + s);
            }
            return new Mix(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                    Double.parseDouble(p[3]), Double.parseDouble(p[4]));
        }

        @Override
        public String toString() {
            double t = candles + tickers + orderBooks + trades;
            return String.format("candles %.0f%% / tickers %.0f%% / order books %.0f%% / trades %.0f%%; recent %.0f%%",
                    100 * candles / t, 100 * tickers / t, 100 * orderBooks / t, 100 * trades / t, 100 * recent);
        }
    }

    /** One request: its endpoint (for per-endpoint figures) and path with query. */
    public record Request(String endpoint, String path) {
    }

    private final Popularity popularity;
    private final Mix mix;
    private final int days;
    private final int tradeHours;
    private final double[] typeCumulative;

    /**
     * @param exchanges  the demo market's exchanges, most popular first
     * @param symbols    symbols per exchange
     * @param days       days of seeded candle history
     * @param tradeHours hours of seeded trades
     */
    public Workload(List<String> exchanges, int symbols, int days, int tradeHours, Mix mix) {
        List<Exchange> ex = new ArrayList<>();
        for (String e : exchanges) {
            ex.add(Exchange.of(e));
        }
        // Popularity does not depend on the seed or the time; only the instrument list and ranks matter here.
        DemoSpec spec = new DemoSpec(ex, symbols, days, tradeHours, 42, 400L * 86_400_000L);
        this.popularity = DemoMarket.of(spec).popularity();
        this.mix = mix;
        this.days = days;
        this.tradeHours = tradeHours;
        double total = mix.candles() + mix.tickers() + mix.orderBooks() + mix.trades();
        this.typeCumulative = new double[] {mix.candles() / total, (mix.candles() + mix.tickers()) / total,
            (mix.candles() + mix.tickers() + mix.orderBooks()) / total, 1.0};
    }

    public Mix mix() {
        return mix;
    }

    public List<Instrument> instruments() {
        return popularity.instruments();
    }

    @Override
    public Request next(SplittableRandom random, long nowMillis) {
        Instrument in = popularity.sample(random);
        String where = in.exchange().id() + "/" + in.symbol().base() + "-" + in.symbol().quote();
        double type = random.nextDouble();
        if (type < typeCumulative[0]) {
            Timeframe tf = TIMEFRAMES[pick(random, TIMEFRAME_WEIGHTS)];
            if (random.nextDouble() < mix.recent()) {
                int limit = RECENT_LIMITS[pick(random, RECENT_LIMIT_WEIGHTS)];
                return new Request("candles", "/v1/candles/" + where + "?timeframe=" + tf.label() + "&limit=" + limit);
            }
            long hoursBack = 1 + random.nextLong(Math.max(1, days * 24L - 1));
            long from = Math.floorDiv(nowMillis, HOUR) * HOUR - hoursBack * HOUR;
            int limit = HISTORY_LIMITS[random.nextInt(HISTORY_LIMITS.length)];
            return new Request("candles", "/v1/candles/" + where + "?timeframe=" + tf.label() + "&from=" + from
                    + "&limit=" + limit);
        }
        if (type < typeCumulative[1]) {
            return new Request("tickers", "/v1/tickers/" + where);
        }
        if (type < typeCumulative[2]) {
            return new Request("orderbooks", "/v1/orderbooks/" + where + "?depth=" + (random.nextDouble() < 0.8 ? 20 : 100));
        }
        if (random.nextDouble() < mix.recent() || tradeHours == 0) {
            return new Request("trades", "/v1/trades/" + where + "?limit=100");
        }
        long minutesBack = 5 + random.nextLong(Math.max(1, tradeHours * 60L - 5));
        long from = Math.floorDiv(nowMillis, 60_000L) * 60_000L - minutesBack * 60_000L;
        return new Request("trades", "/v1/trades/" + where + "?from=" + from + "&limit=100");
    }

    private static int pick(SplittableRandom random, double[] weights) {
        double x = random.nextDouble();
        double run = 0;
        for (int i = 0; i < weights.length; i++) {
            run += weights[i];
            if (x < run) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
