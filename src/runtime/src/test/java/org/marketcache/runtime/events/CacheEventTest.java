package org.marketcache.runtime.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marketcache.marketdata.Instrument;

/** Encoding and decoding of cache events on their own, without Redis: every kind, every malformed shape. */
class CacheEventTest {

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyKindSurvivesARoundTrip(long seed) {
        Random random = new Random(seed);
        for (CacheEvent event : List.of(keysChanged(random), groupInvalidated(random), new CacheEvent.AllInvalidated(),
                instrumentAdded(random))) {
            Map<String, String> fields = event.encode();

            assertThat(fields.keySet().iterator().next()).isEqualTo(CacheEvent.TYPE);
            assertThat(CacheEvent.decode(fields)).contains(event);
        }
    }

    @Test
    void theStreamFieldsAreTheOnesOtherReleasesRead() {
        Instrument btc = Instrument.of("binance", "BTC/USDT");

        assertThat(new CacheEvent.KeysChanged("tickers", List.of("a", "b")).encode())
                .containsExactly(Map.entry("type", "keys"), Map.entry("cache", "tickers"), Map.entry("keys", "a\nb"));
        assertThat(new CacheEvent.GroupInvalidated("*", "binance:BTC-USDT").encode()).containsExactly(
                Map.entry("type", "group"), Map.entry("cache", "*"), Map.entry("group", "binance:BTC-USDT"));
        assertThat(new CacheEvent.AllInvalidated().encode())
                .containsExactly(Map.entry("type", "all"), Map.entry("cache", "*"));
        assertThat(new CacheEvent.InstrumentAdded(btc, 7).encode()).containsExactly(Map.entry("type", "instrument"),
                Map.entry("group", "binance:BTC-USDT"), Map.entry("id", "7"));
    }

    @Test
    void anEmptyKeyListSurvivesARoundTrip() {
        CacheEvent none = new CacheEvent.KeysChanged("candles-1m", List.of());

        assertThat(none.encode()).containsEntry("keys", "");
        assertThat(CacheEvent.decode(none.encode())).contains(none);
    }

    @Test
    void fieldsOtherThanTheEventsAreIgnored() {
        Map<String, String> fields = new LinkedHashMap<>(new CacheEvent.AllInvalidated().encode());
        fields.put("origin", "3f2a9c01");
        fields.put("added-by-a-newer-release", "x");

        assertThat(CacheEvent.decode(fields)).contains(new CacheEvent.AllInvalidated());
    }

    @Test
    void aTypeThisReleaseDoesNotKnowIsSkippedNotMalformed() {
        assertThat(CacheEvent.decode(Map.of("type", "rename", "cache", "tickers"))).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(Map.of("cache", "tickers"), "type", null),
                Arguments.of(Map.of("type", "keys", "keys", "a"), "cache", null),
                Arguments.of(Map.of("type", "keys", "cache", "", "keys", "a"), "cache", ""),
                Arguments.of(Map.of("type", "keys", "cache", "tickers"), "keys", null),
                Arguments.of(Map.of("type", "keys", "cache", "tickers", "keys", "a\n\nb"), "keys", "a\n\nb"),
                Arguments.of(Map.of("type", "keys", "cache", "tickers", "keys", "a\n"), "keys", "a\n"),
                Arguments.of(Map.of("type", "keys", "cache", "tickers", "keys", "\n"), "keys", "\n"),
                Arguments.of(Map.of("type", "group", "group", "binance:BTC-USDT"), "cache", null),
                Arguments.of(Map.of("type", "group", "cache", "*"), "group", null),
                Arguments.of(Map.of("type", "group", "cache", "*", "group", ""), "group", ""),
                Arguments.of(Map.of("type", "instrument", "id", "7"), "group", null),
                Arguments.of(Map.of("type", "instrument", "group", "binance", "id", "7"), "group", "binance"),
                Arguments.of(Map.of("type", "instrument", "group", "bin ance:BTC-USDT", "id", "7"), "group",
                        "bin ance:BTC-USDT"),
                Arguments.of(Map.of("type", "instrument", "group", "binance:BTCUSDT", "id", "7"), "group",
                        "binance:BTCUSDT"),
                Arguments.of(Map.of("type", "instrument", "group", ":BTC-USDT", "id", "7"), "group", ":BTC-USDT"),
                Arguments.of(Map.of("type", "instrument", "group", "binance:BTC-USDT"), "id", null),
                Arguments.of(Map.of("type", "instrument", "group", "binance:BTC-USDT", "id", "seven"), "id",
                        "seven"),
                Arguments.of(Map.of("type", "instrument", "group", "binance:BTC-USDT", "id", "4294967296"), "id",
                        "4294967296"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedEventNamesTheFieldAndTheValue(Map<String, String> fields, String field, String value) {
        Throwable thrown = catchThrowable(() -> CacheEvent.decode(fields));

        assertThat(thrown).isInstanceOf(MalformedEventException.class);
        MalformedEventException e = (MalformedEventException) thrown;
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.code()).isEqualTo("MALFORMED_EVENT");
        assertThat(e.getMessage()).startsWith("cache event field '" + field + "' ")
                .endsWith(value == null ? ": missing" : ": '" + value + "'");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anIdThatIsNotAnIntegerIsMalformed(long seed) {
        Random random = new Random(seed);
        String id = random.nextBoolean() ? text(random, 1, 12) : Long.toString(Integer.MAX_VALUE + 1L
                + random.nextInt(Integer.MAX_VALUE));
        boolean integer = id.matches("[-+]?[0-9]{1,10}") && fitsAnInt(id);
        Map<String, String> fields = Map.of("type", "instrument", "group", "okx:ETH-BTC", "id", id);

        if (integer) {
            assertThat(CacheEvent.decode(fields)).isPresent();
        } else {
            assertThatThrownBy(() -> CacheEvent.decode(fields)).isInstanceOfSatisfying(MalformedEventException.class,
                    e -> assertThat(e.field()).isEqualTo("id"));
        }
    }

    /** Any fields at all: an event, nothing (unknown type), or a named error, never another exception. */
    @ParameterizedTest
    @MethodSource("seeds")
    void anyFieldsDecodeToAnEventOrANamedError(long seed) {
        Random random = new Random(seed);
        List<String> names = List.of("type", "cache", "group", "keys", "id", "origin", "x");
        List<String> types = List.of("keys", "group", "all", "instrument", "", "KEYS", "other");
        for (int round = 0; round < 20; round++) {
            Map<String, String> fields = new LinkedHashMap<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                String name = names.get(random.nextInt(names.size()));
                fields.put(name, name.equals("type") ? types.get(random.nextInt(types.size())) : text(random, 0, 20));
            }

            Throwable thrown = catchThrowable(() -> CacheEvent.decode(fields));

            if (thrown != null) {
                assertThat(thrown).as("decoding %s", fields).isInstanceOf(MalformedEventException.class);
            }
        }
    }

    @Test
    void aPublisherCannotWriteAKeyIdTheConsumerWouldSplit() {
        assertThatThrownBy(() -> new CacheEvent.KeysChanged("tickers", List.of("a\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a\nb'");
        assertThatThrownBy(() -> new CacheEvent.KeysChanged("tickers", List.of("")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CacheEvent.GroupInvalidated("", "g")).isInstanceOf(IllegalArgumentException.class);
    }

    private static CacheEvent keysChanged(Random random) {
        List<String> ids = new ArrayList<>();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            String id = text(random, 1, 60).replace('\n', ' ');
            ids.add(id.isEmpty() ? "k" : id);
        }
        return new CacheEvent.KeysChanged(cacheName(random), ids);
    }

    private static CacheEvent groupInvalidated(Random random) {
        return new CacheEvent.GroupInvalidated(random.nextInt(4) == 0 ? "*" : cacheName(random),
                instrument(random).keyGroup());
    }

    private static CacheEvent instrumentAdded(Random random) {
        return new CacheEvent.InstrumentAdded(instrument(random), random.nextInt());
    }

    private static String cacheName(Random random) {
        return List.of("tickers", "trades", "orderbooks", "candles-1m", "candles-1h").get(random.nextInt(5));
    }

    private static Instrument instrument(Random random) {
        String exchange = pick(random, "abcdefghijklmnopqrstuvwxyz0123456789", 1, 1)
                + pick(random, "abcdefghijklmnopqrstuvwxyz0123456789_-", 0, 31);
        String assets = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return Instrument.of(exchange, pick(random, assets, 1, 20) + "/" + pick(random, assets, 1, 20));
    }

    /** Random text: ASCII with separators and newlines, and some characters beyond ASCII. */
    private static String text(Random random, int min, int max) {
        return pick(random, "abcXYZ019 :-_/*{}\n\t\u00e9\u4e2d\ud83d\ude00", min, max);
    }

    private static String pick(Random random, String alphabet, int min, int max) {
        int[] points = alphabet.codePoints().toArray();
        int length = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return out.toString();
    }

    private static boolean fitsAnInt(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
