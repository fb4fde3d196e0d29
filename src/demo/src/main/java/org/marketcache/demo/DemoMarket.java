package org.marketcache.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Fields;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

/**
 * A deterministic synthetic crypto market for demos, tests and benchmarks.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Prices.</b> Each symbol has one reference path of 1-minute log returns following GARCH(1,1):
 *       {@code σ²(t+1) = ω + α·ε(t)² + β·σ²(t)} with α = 0.06, β = 0.92 and ω set so that the long-run variance
 *       matches the symbol's daily volatility. Quiet and turbulent hours therefore cluster, as in real markets.
 *       Every exchange quotes the reference price times {@code 1 + offset + basis}, where the basis is a small
 *       mean-reverting noise, so the same symbol stays within a few basis points across venues.</li>
 *   <li><b>Candles.</b> Prices are whole ticks ({@code long}) until the last step, then become
 *       {@code BigDecimal.valueOf(ticks, scale)}, so every price carries exactly the symbol's tick scale. Open is
 *       the previous close; the wicks reach beyond open and close by a random fraction of the current σ.</li>
 *   <li><b>Popularity.</b> Volume and trade counts scale with the instrument's Zipf weight ({@link Popularity}),
 *       times an intraday season and the size of the minute's move.</li>
 *   <li><b>Trades</b> are derived from their candle, so they agree with it exactly: the first trade is at the
 *       open, the last at the close, one trade each at the high and the low, the rest in between; amounts are an
 *       exact partition of the volume (in units of the amount scale). Ids increase with time.</li>
 *   <li><b>Ticker and order book</b> sit around the last close: bid ≤ last ≤ ask, bid < ask, the book's best
 *       levels are the ticker's bid and ask, 50 to 200 levels a side depending on popularity.</li>
 *   <li><b>Determinism.</b> Every random stream is a {@link SplittableRandom} seeded from (seed, purpose,
 *       instrument), and all floating-point math uses {@link StrictMath}, so a seed gives the same bytes on every
 *       JVM and platform, and changing one knob (say, the trade window) leaves the other series untouched.</li>
 * </ul>
 */
public final class DemoMarket {
    private static final double ALPHA = 0.06;
    private static final double BETA = 0.92;
    /** Quote-currency volume per minute of the most popular instrument at an average time of day. */
    private static final double TOP_QUOTE_VOLUME_PER_MINUTE = 2_000_000;
    /** Trades per minute of the most popular instrument at an average time of day. */
    private static final double TOP_TRADES_PER_MINUTE = 90;
    private static final int MIN_TRADES_PER_MINUTE = 4;
    private static final long MIN_PRICE_TICKS = 10;

    private final DemoSpec spec;
    private final List<SymbolProfile> profiles;
    private final Popularity popularity;

    private DemoMarket(DemoSpec spec) {
        this.spec = spec;
        this.profiles = SymbolProfile.catalogue(spec.symbols(), spec.seed());
        List<Instrument> instruments = new ArrayList<>(spec.instrumentCount());
        for (Exchange exchange : spec.exchanges()) {
            for (SymbolProfile profile : profiles) {
                instruments.add(new Instrument(exchange, profile.symbol()));
            }
        }
        this.popularity = new Popularity(instruments, spec.exchanges().size(), spec.symbols());
    }

    public static DemoMarket of(DemoSpec spec) {
        return new DemoMarket(Fields.requireNonNull("spec", spec));
    }

    public DemoSpec spec() {
        return spec;
    }

    /** Exchange-major, symbols in popularity order. */
    public List<Instrument> instruments() {
        return popularity.instruments();
    }

    public Popularity popularity() {
        return popularity;
    }

    public SymbolProfile profile(Instrument instrument) {
        return profiles.get(symbolIndex(instrument));
    }

    /** Generates one instrument's data. Cheap enough (a few milliseconds) to call again instead of keeping it. */
    public DemoSeries series(Instrument instrument) {
        int e = spec.exchanges().indexOf(instrument.exchange());
        int s = symbolIndex(instrument);
        if (e < 0) {
            throw Fields.invalid("exchange", "exchange is not part of the demo market: " + instrument.exchange());
        }
        SymbolProfile profile = profiles.get(s);
        ReferencePath path = referencePath(s, profile);
        double relativeWeight = popularity.relativeWeight(instrument);

        SplittableRandom candleRandom = new SplittableRandom(mix(spec.seed(), 2, e, s));
        SplittableRandom tradeRandom = new SplittableRandom(mix(spec.seed(), 3, e, s));
        int minutes = spec.minutes();
        List<Candle> candles = new ArrayList<>(minutes);
        List<Trade> trades = new ArrayList<>();
        double tick = profile.tick();
        double amountUnit = StrictMath.pow(10, profile.amountScale());
        double offset = 0.0003 * gaussian(candleRandom);
        double basis = 0;
        long nextTradeId = 1_000_000_000L + candleRandom.nextLong(1_000_000_000L);
        long previousClose = toTicks(path.close[0] * (1 + offset), tick);
        long openTime = spec.firstOpenTime();

        for (int t = 0; t < minutes; t++, openTime += Timeframe.M1.millis()) {
            basis = 0.97 * basis + 0.00004 * gaussian(candleRandom);
            double reference = path.close[t + 1];
            long open = previousClose;
            long close = toTicks(reference * (1 + offset + basis), tick);
            double wick = path.sigma[t] * 0.6 * reference / tick;
            long high = Math.max(open, close) + (long) StrictMath.ceil(Math.abs(gaussian(candleRandom)) * wick);
            long low = Math.max(1, Math.min(open, close)
                    - (long) StrictMath.ceil(Math.abs(gaussian(candleRandom)) * wick));

            double move = Math.abs(reference / path.close[t] - 1) / path.longRunSigma;
            double activity = season(openTime) * (0.6 + 0.4 * Math.min(move, 6));
            double baseVolume = TOP_QUOTE_VOLUME_PER_MINUTE * relativeWeight / reference * activity
                    * StrictMath.exp(0.35 * gaussian(candleRandom) - 0.06);
            long volumeUnits = Math.max(1, StrictMath.round(baseVolume * amountUnit));
            boolean live = t == minutes - 1;

            if (openTime >= spec.tradesFrom()) {
                double lambda = (MIN_TRADES_PER_MINUTE + TOP_TRADES_PER_MINUTE * relativeWeight) * activity;
                int count = Math.max(MIN_TRADES_PER_MINUTE, poisson(tradeRandom, lambda));
                volumeUnits = Math.max(volumeUnits, count);
                long span = live ? spec.nowMillis() - openTime + 1 : Timeframe.M1.millis();
                nextTradeId = addTrades(trades, tradeRandom, profile, nextTradeId, openTime, span, count, open, high,
                        low, close, volumeUnits);
            }
            candles.add(new Candle(openTime, price(open, profile), price(high, profile), price(low, profile),
                    price(close, profile), BigDecimal.valueOf(volumeUnits, profile.amountScale()), !live));
            previousClose = close;
        }

        Ticker ticker = ticker(e, s, profile, candles, previousClose, relativeWeight);
        OrderBook book = orderBook(e, s, profile, ticker, relativeWeight);
        return new DemoSeries(instrument, profile, candles, trades, ticker, book);
    }

    private int symbolIndex(Instrument instrument) {
        for (int i = 0; i < profiles.size(); i++) {
            if (profiles.get(i).symbol().equals(instrument.symbol())) {
                return i;
            }
        }
        throw Fields.invalid("symbol", "symbol is not part of the demo market: " + instrument.symbol());
    }

    /** close[0] is the price before the first minute; close[t + 1] closes minute t; sigma[t] is its σ. */
    private record ReferencePath(double[] close, double[] sigma, double longRunSigma) {
    }

    private ReferencePath referencePath(int s, SymbolProfile profile) {
        SplittableRandom random = new SplittableRandom(mix(spec.seed(), 1, s, 0));
        int minutes = spec.minutes();
        double longRunVariance = profile.dailyVolatility() * profile.dailyVolatility() / 1440;
        double omega = longRunVariance * (1 - ALPHA - BETA);
        double variance = longRunVariance;
        double[] close = new double[minutes + 1];
        double[] sigma = new double[minutes];
        double minimum = MIN_PRICE_TICKS * 2 * profile.tick();
        double price = profile.price() * StrictMath.exp(0.05 * gaussian(random));
        close[0] = price;
        for (int t = 0; t < minutes; t++) {
            sigma[t] = StrictMath.sqrt(variance);
            double shock = sigma[t] * gaussian(random);
            price = Math.max(minimum, price * StrictMath.exp(shock));
            close[t + 1] = price;
            variance = omega + ALPHA * shock * shock + BETA * variance;
        }
        return new ReferencePath(close, sigma, StrictMath.sqrt(longRunVariance));
    }

    private long addTrades(List<Trade> out, SplittableRandom random, SymbolProfile profile, long firstId,
            long openTime, long span, int count, long open, long high, long low, long close, long volumeUnits) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = openTime + random.nextLong(span);
        }
        Arrays.sort(times);
        long[] prices = new long[count];
        prices[0] = open;
        prices[count - 1] = close;
        int highSlot = 1 + random.nextInt(count - 2);
        int lowSlot = 1 + random.nextInt(count - 3);
        if (lowSlot >= highSlot) {
            lowSlot++;
        }
        for (int i = 1; i < count - 1; i++) {
            if (i == highSlot) {
                prices[i] = high;
            } else if (i == lowSlot) {
                prices[i] = low;
            } else {
                double drift = open + (double) (close - open) * i / (count - 1);
                long p = StrictMath.round(drift + gaussian(random) * (high - low) / 4.0);
                prices[i] = Math.max(low, Math.min(high, p));
            }
        }
        long[] amounts = partition(random, volumeUnits, count);
        long id = firstId;
        for (int i = 0; i < count; i++) {
            Side side = i > 0 && prices[i] < prices[i - 1] ? Side.SELL
                    : i > 0 && prices[i] > prices[i - 1] ? Side.BUY
                    : random.nextBoolean() ? Side.BUY : Side.SELL;
            out.add(new Trade(Long.toString(id++), times[i], price(prices[i], profile),
                    BigDecimal.valueOf(amounts[i], profile.amountScale()), side));
        }
        return id;
    }

    /** {@code parts} positive longs summing to exactly {@code total} (which must be at least {@code parts}). */
    static long[] partition(SplittableRandom random, long total, int parts) {
        double[] weights = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            weights[i] = -StrictMath.log(1 - random.nextDouble());
            sum += weights[i];
        }
        long spare = total - parts;
        long[] out = new long[parts];
        long given = 0;
        int largest = 0;
        for (int i = 0; i < parts; i++) {
            out[i] = 1 + (long) StrictMath.floor(spare * (weights[i] / sum));
            given += out[i];
            if (weights[i] > weights[largest]) {
                largest = i;
            }
        }
        out[largest] += total - given;
        return out;
    }

    private Ticker ticker(int e, int s, SymbolProfile profile, List<Candle> candles, long lastTicks,
            double relativeWeight) {
        SplittableRandom random = new SplittableRandom(mix(spec.seed(), 4, e, s));
        double spreadFraction = 0.0001 * (1 + 3 * (1 - relativeWeight));
        long spread = Math.max(1, StrictMath.round(lastTicks * spreadFraction));
        long bid = Math.max(1, lastTicks - random.nextLong(spread + 1));
        long ask = Math.max(bid + spread, lastTicks);
        BigDecimal volume24h = BigDecimal.ZERO.setScale(profile.amountScale());
        for (int i = Math.max(0, candles.size() - 1440); i < candles.size(); i++) {
            volume24h = volume24h.add(candles.get(i).volume());
        }
        return new Ticker(spec.nowMillis(), price(bid, profile), price(ask, profile), price(lastTicks, profile),
                volume24h);
    }

    private OrderBook orderBook(int e, int s, SymbolProfile profile, Ticker ticker, double relativeWeight) {
        SplittableRandom random = new SplittableRandom(mix(spec.seed(), 5, e, s));
        int levels = 50 + (int) StrictMath.round(150 * relativeWeight);
        double unit = StrictMath.pow(10, profile.amountScale());
        double typicalAmount = TOP_QUOTE_VOLUME_PER_MINUTE * relativeWeight / ticker.last().doubleValue() / 40;
        long bestBid = ticker.bid().unscaledValue().longValueExact();
        long bestAsk = ticker.ask().unscaledValue().longValueExact();
        List<PriceLevel> bids = new ArrayList<>(levels);
        List<PriceLevel> asks = new ArrayList<>(levels);
        for (long price = bestBid; bids.size() < levels && price >= 1; price -= 1 + geometric(random)) {
            bids.add(level(random, profile, price, typicalAmount, unit, bids.size()));
        }
        for (long price = bestAsk; asks.size() < levels; price += 1 + geometric(random)) {
            asks.add(level(random, profile, price, typicalAmount, unit, asks.size()));
        }
        return new OrderBook(spec.nowMillis(), spec.nowMillis() / 10, bids, asks);
    }

    private static PriceLevel level(SplittableRandom random, SymbolProfile profile, long priceTicks,
            double typicalAmount, double unit, int depth) {
        // Liquidity thickens away from the touch, with lognormal noise per level.
        double amount = typicalAmount * (1 + depth / 25.0) * StrictMath.exp(0.8 * gaussian(random) - 0.32);
        long units = Math.max(1, StrictMath.round(amount * unit));
        return new PriceLevel(price(priceTicks, profile), BigDecimal.valueOf(units, profile.amountScale()));
    }

    private static BigDecimal price(long ticks, SymbolProfile profile) {
        return BigDecimal.valueOf(ticks, profile.priceScale());
    }

    private static long toTicks(double price, double tick) {
        return Math.max(MIN_PRICE_TICKS, StrictMath.round(price / tick));
    }

    /** Trading is busiest in the European afternoon / US morning (around 15:00 UTC) and quietest at night. */
    private static double season(long epochMillis) {
        double dayFraction = Math.floorMod(epochMillis, Timeframe.D1.millis()) / (double) Timeframe.D1.millis();
        return 1 + 0.45 * StrictMath.sin(2 * StrictMath.PI * (dayFraction - 0.375));
    }

    /** Standard normal by the polar method; StrictMath keeps it identical on every platform. */
    static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    }

    private static int poisson(SplittableRandom random, double lambda) {
        if (lambda < 30) {
            double limit = StrictMath.exp(-lambda);
            double product = random.nextDouble();
            int k = 0;
            while (product > limit) {
                product *= random.nextDouble();
                k++;
            }
            return k;
        }
        return (int) Math.max(0, StrictMath.round(lambda + StrictMath.sqrt(lambda) * gaussian(random)));
    }

    /** Gap in extra ticks between two book levels: mostly 0, sometimes a few. */
    private static long geometric(SplittableRandom random) {
        long k = 0;
        while (k < 20 && random.nextDouble() < 0.35) {
            k++;
        }
        return k;
    }

    /** SplitMix64 finaliser over the parts: independent, well-spread seeds for each random stream. */
    static long mix(long seed, long purpose, long a, long b) {
        long z = seed;
        for (long part : new long[] {purpose, a, b}) {
            z += 0x9E3779B97F4A7C15L + part;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return z;
    }
}
