package org.marketcache.demo.seed;

import java.util.HashSet;
import java.util.Set;

import jakarta.inject.Singleton;

import org.marketcache.core.InvalidInputException;
import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblems;
import org.marketcache.demo.DemoSpec;
import org.marketcache.marketdata.Exchange;

/**
 * The rules of {@code marketcache.demo.*}. The runtime's start-up check reports them together with every other
 * module's; {@link DemoDataSeeder} applies them again before it seeds, for applications without the runtime.
 */
@Singleton
public class DemoConfigCheck implements ConfigCheck {
    private final DemoConfig config;

    public DemoConfigCheck(DemoConfig config) {
        this.config = config;
    }

    @Override
    public void check(ConfigProblems problems) {
        Set<String> seen = new HashSet<>();
        if (config.exchanges().isEmpty()) {
            problems.add("marketcache.demo.exchanges", "must name at least one exchange", null,
                    "e.g. binance,okx,huobi");
        }
        for (String raw : config.exchanges()) {
            try {
                if (!seen.add(Exchange.of(raw).id())) {
                    problems.add("marketcache.demo.exchanges", "must not repeat an exchange", "'" + raw + "'");
                }
            } catch (InvalidInputException e) {
                problems.add("marketcache.demo.exchanges", "has an invalid entry", e.getMessage());
            }
        }
        problems.between("marketcache.demo.symbols", config.symbols(), 1, DemoSpec.MAX_SYMBOLS, null);
        problems.between("marketcache.demo.days", config.days(), 1, DemoSpec.MAX_DAYS, null);
        int maxTradeHours = Math.max(1, config.days()) * 24;
        if (config.tradeHours() < 0 || config.tradeHours() > maxTradeHours) {
            problems.add("marketcache.demo.trade-hours",
                    "must be between 0 and 24 × marketcache.demo.days (" + maxTradeHours + ")", config.tradeHours());
        }
    }
}
