package org.marketcache.demo.seed;

import java.util.List;

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

    /** The generator's spec for this configuration, ending at {@code nowMillis}. Call after {@link DemoConfigCheck}. */
    static DemoSpec spec(DemoConfig config, long nowMillis) {
        return new DemoSpec(config.exchanges().stream().map(Exchange::of).toList(), config.symbols(), config.days(),
                config.tradeHours(), config.randomSeed(), nowMillis);
    }
}
