package org.marketcache.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/**
 * A row of {@code order_book}: one full snapshot as four parallel {@code numeric[]} columns.
 *
 * <p>The arrays are mapped as their text form ({@code {65000.10,0.00000001}}), not as {@code BigDecimal[]}:
 * Hibernate Reactive reads {@code numeric[]} elements through {@code double}, which silently rounds
 * {@code 123456789.123456789} to {@code 123456789.12345679} and drops trailing zeros. Text keeps every digit and the
 * scale; {@link SqlArrays#decimals} parses it.
 */
@Entity
@Table(name = "order_book")
@IdClass(OrderBookEntity.Key.class)
class OrderBookEntity {
    @Id
    @Column(name = "instrument_id")
    int instrumentId;

    @Id
    @Column(name = "time")
    Instant eventTime;

    @Id
    long sequence;

    @Column(name = "bid_prices")
    @ColumnTransformer(read = "cast(bid_prices as text)", write = "cast(? as numeric[])")
    String bidPrices;

    @Column(name = "bid_amounts")
    @ColumnTransformer(read = "cast(bid_amounts as text)", write = "cast(? as numeric[])")
    String bidAmounts;

    @Column(name = "ask_prices")
    @ColumnTransformer(read = "cast(ask_prices as text)", write = "cast(? as numeric[])")
    String askPrices;

    @Column(name = "ask_amounts")
    @ColumnTransformer(read = "cast(ask_amounts as text)", write = "cast(? as numeric[])")
    String askAmounts;

    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        int instrumentId;
        Instant eventTime;
        long sequence;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.instrumentId == instrumentId && k.sequence == sequence
                    && Objects.equals(k.eventTime, eventTime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instrumentId, eventTime, sequence);
        }
    }
}
