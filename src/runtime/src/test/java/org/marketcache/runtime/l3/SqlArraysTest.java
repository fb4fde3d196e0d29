package org.marketcache.runtime.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SqlArraysTest {

    @Provide
    Arbitrary<BigDecimal> decimals() {
        // What Fields accepts: up to 18 significant digits, scale 0..18.
        return Combinators.combine(Arbitraries.longs().between(0, 999_999_999_999_999_999L),
                Arbitraries.integers().between(0, 18)).as((unscaled, scale) -> new BigDecimal(BigInteger.valueOf(
                        unscaled), scale));
    }

    @Property
    void numericLiteralsRoundTripWithTheirScale(@ForAll("decimalLists") List<BigDecimal> values) {
        List<BigDecimal> back = SqlArrays.decimals(SqlArrays.literal(values, SqlArrays::decimal));
        assertThat(back).isEqualTo(values); // BigDecimal.equals compares the scale too
    }

    @Provide
    Arbitrary<List<BigDecimal>> decimalLists() {
        return decimals().list().ofMaxSize(20);
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
