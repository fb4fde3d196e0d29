package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.cache.DataType;

import com.fasterxml.jackson.databind.ObjectMapper;

class WarmupRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static WarmupRequest parse(String body) throws Exception {
        return WarmupRequest.parse(JSON.readTree(body), 3);
    }

    @Test
    void emptyObjectAndScheduleTriggerMeanTheHotSet() throws Exception {
        assertThat(parse("{}").explicit()).isFalse();
        assertThat(parse("{\"trigger\":\"schedule\"}").explicit()).isFalse();
        assertThat(WarmupRequest.parse(null, 3).explicit()).isFalse();
    }

    @Test
    void targetsAreReadWithNumbersOrStrings() throws Exception {
        WarmupRequest r = parse("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"candles\","
                + "\"timeframe\":\"1h\",\"from\":1764460800000,\"limit\":\"10\"},"
                + "{\"exchange\":\"okx\",\"symbol\":\"ETH-USDT\",\"type\":\"tickers\"}]}");
        assertThat(r.targets()).hasSize(2);
        assertThat(r.targets().get(0)).isEqualTo(new WarmupRequest.Target("binance", "BTC/USDT", DataType.CANDLES,
                "1h", "1764460800000", null, "10"));
        assertThat(r.targets().get(1).type()).isEqualTo(DataType.TICKERS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]                                                                   | INVALID_BODY     | ",
        "{\"target\":[]}                                                      | UNKNOWN_FIELD    | target",
        "{\"trigger\":\"now\"}                                                | INVALID_TRIGGER  | trigger",
        "{\"targets\":[]}                                                     | INVALID_TARGETS  | targets",
        "{\"targets\":{}}                                                     | INVALID_TARGETS  | targets",
        "{\"targets\":[1]}                                                    | INVALID_TARGETS  | targets[0]",
        "{\"targets\":[{\"symbol\":\"BTC/USDT\",\"type\":\"candles\"}]}       | MISSING_FIELD    | targets[0].exchange",
        "{\"targets\":[{\"exchange\":\"b\",\"symbol\":\"B/U\",\"type\":\"x\"}]} | INVALID_TYPE   | targets[0].type",
        "{\"targets\":[{\"exchange\":\"b\",\"symbol\":\"B/U\",\"type\":\"tickers\",\"depth\":1}]} | UNKNOWN_FIELD | targets[0].depth",
        "{\"targets\":[{\"exchange\":\"b\",\"symbol\":{},\"type\":\"tickers\"}]} | INVALID_SYMBOL | targets[0].symbol",
        "{\"targets\":[{},{},{},{}]}                                          | TOO_MANY_TARGETS | targets",
    })
    void badBodiesNameTheField(String body, String code, String field) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse(body));
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void criticalEntriesParseOrSayWhy() {
        assertThat(WarmupTargets.instrument("binance:BTC/USDT").keyGroup()).isEqualTo("binance:BTC-USDT");
        assertThat(WarmupTargets.instrument(" okx : eth-usdt ").keyGroup()).isEqualTo("okx:ETH-USDT");
        assertThat(assertThrows(IllegalArgumentException.class, () -> WarmupTargets.instrument("binanceBTC")))
                .hasMessageContaining("must be exchange:BASE/QUOTE");
        assertThat(assertThrows(IllegalArgumentException.class, () -> WarmupTargets.instrument("binance:BTCUSDT")))
                .hasMessageContaining("binance:BTCUSDT");
    }
}
