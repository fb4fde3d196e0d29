package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SqlArraysTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    /** Randomised: up to 20 decimals of what Fields accepts (18 significant digits, scale 0..18); seed = case. */
    @ParameterizedTest
    @MethodSource("seeds")
    void numericLiteralsRoundTripWithTheirScale(long seed) {
        Random r = new Random(seed);
        List<BigDecimal> values = new ArrayList<>();
        int n = r.nextInt(21);
        for (int i = 0; i < n; i++) {
            long unscaled = r.nextBoolean() ? r.nextInt(1000) : Math.floorMod(r.nextLong(), 999_999_999_999_999_999L);
            values.add(new BigDecimal(BigInteger.valueOf(unscaled), r.nextInt(19)));
        }
        List<BigDecimal> back = SqlArrays.decimals(SqlArrays.literal(values, SqlArrays::decimal));
        assertThat(back).isEqualTo(values); // BigDecimal.equals compares the scale too
    }

    @Test
    void literalsAndQuoting() {
        assertThat(SqlArrays.literal(List.of(new BigDecimal("65000.10"), new BigDecimal("0.00000001")),
                SqlArrays::decimal)).isEqualTo("{65000.10,0.00000001}");
        assertThat(SqlArrays.literal(List.of(new BigDecimal("1E+3")), SqlArrays::decimal)).isEqualTo("{1000}");
        assertThat(SqlArrays.quoted("a\"b\\c{,}")).isEqualTo("\"a\\\"b\\\\c{,}\"");
        assertThat(SqlArrays.timestamp(1_773_489_600_123L)).isEqualTo("2026-03-14T12:00:00.123Z");
        assertThat(SqlArrays.decimals("{}")).isEmpty();
        assertThatThrownBy(() -> SqlArrays.decimals("{1,NULL}")).hasMessageContaining("NULL element");
        assertThatThrownBy(() -> SqlArrays.decimals("1,2")).hasMessageContaining("expected a numeric[] literal");
    }
}
