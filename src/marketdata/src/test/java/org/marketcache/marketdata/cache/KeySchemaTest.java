package org.marketcache.marketdata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

class KeySchemaTest {
    final KeySchema keys = new KeySchema("mc");
    final Instrument btc = Instrument.of("binance", "BTC/USDT");

    @Test
    void keysCarryTheInstrumentAsAHashTag() {
        SeriesKey k = keys.candleChunk(btc, Timeframe.M1, 240, 122_500);
        assertThat(k.id()).isEqualTo("mc:v1:candles:{binance:BTC-USDT}:1m:240:122500");
        assertThat(k.group()).isEqualTo("binance:BTC-USDT");
        assertThat(k.start()).isEqualTo(122_500L * 240 * 60_000);
        assertThat(keys.lease(k.id())).isEqualTo("mc:v1:lease:{binance:BTC-USDT}:1m:240:122500");
        assertThat(keys.generation(k.group(), k.cache())).isEqualTo("mc:v1:gen:{binance:BTC-USDT}:candles-1m");
        assertThat(k.id()).startsWith(keys.cachePrefix(k.group(), k.cache()));
        assertThat(keys.ticker(btc).id()).startsWith(keys.cachePrefix(k.group(), "tickers"));
        assertThat(keys.candleChunk(btc, Timeframe.M15, 192, 1).id())
                .doesNotStartWith(keys.cachePrefix(k.group(), "candles-1m"));
    }

    @Test
    void everyKeyParsesBackToItself() {
        List<CacheKey> all = List.of(keys.candleChunk(btc, Timeframe.H4, 180, 9), keys.ticker(btc),
                keys.orderBook(btc), keys.tradeChunk(btc, new TimeChunking(60_000), 29_000_000));
        for (CacheKey k : all) {
            CacheKey back = keys.parse(k.id());
            assertThat(back).isEqualTo(k);
            assertThat(back.cache()).isEqualTo(k.cache());
            assertThat(back.getClass()).isEqualTo(k.getClass());
        }
    }

    @Test
    void foreignOrBrokenIdsDoNotParse() {
        for (String id : new String[] {null, "", "mc:v1:candles", "other:v1:tickers:{binance:BTC-USDT}",
                "mc:v1:tickers:{binance:BTC-USDT}:x", "mc:v1:candles:{binance:BTC-USDT}:2m:240:1",
                "mc:v1:candles:{binance:BTC-USDT}:1m:0:1", "mc:v1:candles:{binance:btcusdt}:1m:240:1",
                "mc:v1:gen:{binance:BTC-USDT}", "mc:v1:trades:{binance:BTC-USDT}:-5:1",
                "mc:v1:candles:{b a:BTC-USDT}:1m:240:1"}) {
            assertThat(keys.parse(id)).as(String.valueOf(id)).isNull();
        }
    }
}
