package org.marketcache.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.marketcache.marketdata.Symbol;

/**
 * How a symbol trades in the demo market: its starting price, its tick size (as a decimal scale: 2 means prices
 * step by 0.01), the scale of its amounts and its daily volatility. The catalogue is ordered by popularity rank,
 * most traded first, which is the order the Zipf weights follow.
 */
public record SymbolProfile(Symbol symbol, double price, int priceScale, int amountScale, double dailyVolatility) {

    private static final List<SymbolProfile> KNOWN = List.of(
            of("BTC/USDT", 65_000, 2, 5, 0.025),
            of("ETH/USDT", 3_400, 2, 4, 0.030),
            of("BNB/USDT", 580, 1, 3, 0.030),
            of("SOL/USDT", 150, 2, 2, 0.045),
            of("XRP/USDT", 0.52, 4, 1, 0.040),
            of("DOGE/USDT", 0.15, 5, 0, 0.050),
            of("ADA/USDT", 0.45, 4, 1, 0.045),
            of("AVAX/USDT", 35, 2, 2, 0.050),
            of("LINK/USDT", 15, 3, 2, 0.045),
            of("DOT/USDT", 7, 3, 2, 0.045),
            of("LTC/USDT", 80, 2, 3, 0.035),
            of("TRX/USDT", 0.12, 5, 0, 0.030),
            of("ETH/BTC", 0.052, 5, 4, 0.020),
            of("SHIB/USDT", 0.0000245, 8, 0, 0.060),
            of("BTC/USDC", 65_000, 2, 5, 0.025));

    private static SymbolProfile of(String symbol, double price, int priceScale, int amountScale, double vol) {
        return new SymbolProfile(Symbol.parse(symbol), price, priceScale, amountScale, vol);
    }

    /**
     * The first {@code count} profiles: the known symbols, then synthetic {@code ALT<n>/USDT} ones with prices
     * spread over six orders of magnitude and a tick that keeps about five significant digits.
     */
    public static List<SymbolProfile> catalogue(int count, long seed) {
        List<SymbolProfile> out = new ArrayList<>(KNOWN.subList(0, Math.min(count, KNOWN.size())));
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_5EED_5EEDL);
        for (int i = out.size(); i < count; i++) {
            double price = StrictMath.pow(10, -3 + 6 * random.nextDouble());
            int scale = Math.max(0, Math.min(8, 4 - (int) StrictMath.floor(StrictMath.log10(price))));
            int amountScale = Math.max(0, Math.min(6, (int) StrictMath.floor(StrictMath.log10(price)) + 2));
            double rounded = StrictMath.rint(price * StrictMath.pow(10, scale)) / StrictMath.pow(10, scale);
            out.add(new SymbolProfile(new Symbol("ALT" + (i + 1), "USDT"),
                    Math.max(rounded, StrictMath.pow(10, -scale)), scale, amountScale, 0.03 + 0.04 * random.nextDouble()));
        }
        return List.copyOf(out);
    }

    /** One tick in price units. */
    public double tick() {
        return StrictMath.pow(10, -priceScale);
    }
}
