package org.marketcache.marketdata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.codec.Envelope;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Trade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every codec: binary round trip through the L2 envelope, exact decimals, and valid JSON fragments. */
class CodecRoundTripTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long START = 1_764_000_000_000L - 1_764_000_000_000L % 14_400_000L;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** A positive price with up to 18 digits and a scale of 0..18 (edges included). */
    static BigDecimal price(Random r) {
        long unscaled;
        switch (r.nextInt(4)) {
            case 0:
                unscaled = new long[] {1, 999_999_999_999_999_999L, 100, 10}[r.nextInt(4)];
                break;
            case 1:
                unscaled = 1 + r.nextInt(100_000);
                break;
            default:
                unscaled = 1 + (Math.abs(r.nextLong()) % 999_999_999_999_999_999L);
        }
        return new BigDecimal(BigInteger.valueOf(unscaled), r.nextInt(19));
    }

    static List<Candle> candles(Random r) {
        BigDecimal a = price(r);
        BigDecimal b = price(r);
        BigDecimal c = price(r);
        BigDecimal d = price(r);
        int n = 1 + r.nextInt(239);
        boolean closed = r.nextBoolean();
        BigDecimal lo = a.min(b).min(c).min(d);
        BigDecimal hi = a.max(b).max(c).max(d);
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Candle(START + i * 60_000L * (1 + r.nextInt(1)), a, hi, lo, d, c, closed || i < n - 1));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void candleChunksRoundTripExactly(long seed) throws Exception {
        Random r = new Random(seed);
        List<Candle> candles = candles(r);
        int compressAbove = r.nextInt(4098) - 1;
        SeriesChunk built = CandleChunkCodec.build(START, START + 240 * 60_000L, candles, true);
        byte[] l2 = Envelope.encode(new CacheEntry<>(built, 1, 2, 3, 4), 0, CandleChunkCodec.INSTANCE, compressAbove);
        SeriesChunk decoded = Envelope.decode(ByteBuffer.wrap(l2), CandleChunkCodec.INSTANCE).value();
        assertThat(CandleChunkCodec.candles(decoded)).isEqualTo(candles);
        assertThat(json(decoded, 0, decoded.count())).isEqualTo(json(built, 0, built.count()));
        JsonNode first = JSON.readTree(json(decoded, 0, 1)).get(0);
        assertThat(first.get("open").asText()).isEqualTo(candles.get(0).open().toPlainString());
        assertThat(first.get("openTime").asLong()).isEqualTo(candles.get(0).openTime());
        assertThat(JSON.readTree(json(decoded, 0, decoded.count())).size()).isEqualTo(candles.size());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void decimalsKeepTheirScale(long seed) {
        BigDecimal price = price(new Random(seed));
        Candle c = new Candle(START, price, price, price, price, price, true);
        SeriesChunk chunk = CandleChunkCodec.build(START, START + 60_000, List.of(c), true);
        BigDecimal back = CandleChunkCodec.candles(CandleChunkCodec.INSTANCE.decode(ByteBuffer.wrap(chunk.payload())))
                .get(0).close();
        assertThat(back.toPlainString()).isEqualTo(price.toPlainString());
        assertThat(back.scale()).isEqualTo(price.scale());
    }

    @Test
    void tradeChunksRoundTrip() throws Exception {
        List<Trade> trades = List.of(new Trade("t-1", START + 5, new BigDecimal("65000.10"),
                new BigDecimal("0.00100000"), Side.BUY), new Trade("t:2", START + 5, new BigDecimal("65000.2"),
                        new BigDecimal("3"), Side.SELL));
        SeriesChunk chunk = TradeChunkCodec.build(START, START + 60_000, trades, false);
        SeriesChunk back = TradeChunkCodec.INSTANCE.decode(ByteBuffer.wrap(chunk.payload()));
        assertThat(TradeChunkCodec.trades(back)).isEqualTo(trades);
        JsonNode arr = JSON.readTree(json(back, 0, 2));
        assertThat(arr.get(0).get("amount").asText()).isEqualTo("0.00100000");
        assertThat(arr.get(1).get("side").asText()).isEqualTo("sell");
        assertThat(back.lowerBound(START + 5)).isZero();
        assertThat(back.lowerBound(START + 6)).isEqualTo(2);
    }

    @Test
    void tickerCarriesItsWholeResponse() throws Exception {
        Instrument btc = Instrument.of("binance", "BTC/USDT");
        TickerView v = TickerCodec.build(btc, new Ticker(START, new BigDecimal("64999.90"),
                new BigDecimal("65000.10"), new BigDecimal("65000"), new BigDecimal("1234.5678")));
        TickerView back = TickerCodec.INSTANCE.decode(ByteBuffer.wrap(v.payload()));
        assertThat(back.time()).isEqualTo(START);
        JsonNode n = JSON.readTree(back.json());
        assertThat(n.get("symbol").asText()).isEqualTo("BTC/USDT");
        assertThat(n.get("bid").asText()).isEqualTo("64999.90");
        assertThat(back.json()).isEqualTo(v.json());
    }

    @Test
    void orderBookServesAnyDepthFromOneSnapshot() throws Exception {
        Instrument eth = Instrument.of("okx", "ETH-USDT");
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bids.add(new PriceLevel(new BigDecimal(3000 - i).setScale(2), new BigDecimal("1.5")));
            asks.add(new PriceLevel(new BigDecimal(3001 + i).setScale(2), new BigDecimal("2")));
        }
        OrderBook book = new OrderBook(START, 99, bids, asks);
        OrderBookView v = OrderBookCodec.build(eth, book);
        assertThat(OrderBookCodec.orderBook(v)).isEqualTo(book);
        ByteSlices out = new ByteSlices(8);
        v.addJson(out, 5);
        JsonNode n = JSON.readTree(out.toByteArray());
        assertThat(n.get("bids")).hasSize(5);
        assertThat(n.get("asks").get(0).get(0).asText()).isEqualTo("3001.00");
        assertThat(n.get("sequence").asLong()).isEqualTo(99);
        ByteSlices all = new ByteSlices(8);
        v.addJson(all, 1000);
        assertThat(JSON.readTree(all.toByteArray()).get("bids")).hasSize(50);
    }

    @Test
    void aChunkIsCompleteOnlyOnceItsSpanEndedAndEveryCandleIsClosed() {
        BigDecimal p = new BigDecimal("1.5");
        Candle closed = new Candle(START, p, p, p, p, p, true);
        Candle live = new Candle(START + 60_000, p, p, p, p, p, false);
        long end = START + 120_000;
        assertThat(CandleChunkCodec.completeAt(end, List.of(closed), end)).isTrue();
        assertThat(CandleChunkCodec.completeAt(end, List.of(), end)).as("a gap that ended").isTrue();
        assertThat(CandleChunkCodec.completeAt(end, List.of(closed), end - 1)).as("span not ended").isFalse();
        assertThat(CandleChunkCodec.completeAt(end, List.of(closed, live), end + 1)).as("a live candle").isFalse();
    }

    @Test
    void garbagePayloadIsCorrupt() {
        assertThrows(CorruptValueException.class,
                () -> CandleChunkCodec.INSTANCE.decode(ByteBuffer.wrap(new byte[] {2, 5, 1, 100})));
        assertThrows(CorruptValueException.class,
                () -> OrderBookCodec.INSTANCE.decode(ByteBuffer.wrap("\u0003b\"x".getBytes())));
    }

    static byte[] json(SeriesChunk c, int from, int to) {
        ByteSink s = new ByteSink(64);
        s.write('[');
        c.json().writeRange(s, from, to);
        s.write(']');
        return s.toByteArray();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
