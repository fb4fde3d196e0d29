package org.marketcache.demo.seed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Exchange;
import org.marketcache.demo.DemoSpec;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Demo data loaded into an empty database at start-up ({@code marketcache.demo.*}); restart-only. */
@ConfigMapping(prefix = "marketcache.demo")
public interface DemoConfig {

    /** Load the demo market when the instrument table is empty after the migrations. Off in production. */
    @WithDefault("false")
    boolean seed();

    /** Exchanges of the demo market, most popular first. */
    @WithDefault("binance,okx,huobi")
    List<String> exchanges();

    /** Symbols per exchange: BTC/USDT, ETH/USDT, BNB/USDT, ... in popularity order, then synthetic ALTn/USDT. */
    @WithDefault("10")
    int symbols();

    /** Days of 1-minute candles, ending now (the last candle live). */
    @WithDefault("7")
    int days();

    /** Hours of trades, ending now. */
    @WithDefault("2")
    int tradeHours();

    /** Seed of the generator: the same seed and sizes give the same market (relative to the start time). */
    @WithDefault("42")
    long randomSeed();

    /** Every rule this configuration breaks, each naming the key, the rule and the value. */
    static List<String> problems(DemoConfig config) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (config.exchanges().isEmpty()) {
            problems.add("marketcache.demo.exchanges must name at least one exchange (e.g. binance,okx,huobi)");
        }
        for (String raw : config.exchanges()) {
            try {
                if (!seen.add(Exchange.of(raw).id())) {
                    problems.add("marketcache.demo.exchanges must not repeat an exchange: '" + raw + "'");
                }
            } catch (InvalidInputException e) {
                problems.add("marketcache.demo.exchanges has an invalid entry: " + e.getMessage());
            }
        }
        if (config.symbols() < 1 || config.symbols() > DemoSpec.MAX_SYMBOLS) {
            problems.add("marketcache.demo.symbols must be between 1 and " + DemoSpec.MAX_SYMBOLS + ": "
                    + config.symbols());
        }
        if (config.days() < 1 || config.days() > DemoSpec.MAX_DAYS) {
            problems.add("marketcache.demo.days must be between 1 and " + DemoSpec.MAX_DAYS + ": " + config.days());
        }
        if (config.tradeHours() < 0 || config.tradeHours() > Math.max(1, config.days()) * 24) {
            problems.add("marketcache.demo.trade-hours must be between 0 and 24 × marketcache.demo.days ("
                    + Math.max(1, config.days()) * 24 + "): " + config.tradeHours());
        }
        return problems;
    }

    /** The generator's spec for this configuration, ending at {@code nowMillis}. Call after {@link #problems}. */
    static DemoSpec spec(DemoConfig config, long nowMillis) {
        return new DemoSpec(config.exchanges().stream().map(Exchange::of).toList(), config.symbols(), config.days(),
                config.tradeHours(), config.randomSeed(), nowMillis);
    }
}
