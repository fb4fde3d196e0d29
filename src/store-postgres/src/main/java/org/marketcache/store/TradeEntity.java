package org.marketcache.store;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code trade}. */
@Entity
@Table(name = "trade")
@IdClass(TradeEntity.Key.class)
class TradeEntity {
    @Id
    @Column(name = "instrument_id")
    int instrumentId;

    /** Column {@code time}; named so because {@code time} is a keyword in HQL. */
    @Id
    @Column(name = "time")
    Instant eventTime;

    @Id
    @Column(name = "trade_id")
    String tradeId;

    BigDecimal price;
    BigDecimal amount;
    String side;

    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        int instrumentId;
        Instant eventTime;
        String tradeId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.instrumentId == instrumentId && Objects.equals(k.eventTime, eventTime)
                    && Objects.equals(k.tradeId, tradeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instrumentId, eventTime, tradeId);
        }
    }
}
