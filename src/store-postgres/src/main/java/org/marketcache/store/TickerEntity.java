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

/** A row of {@code ticker}. */
@Entity
@Table(name = "ticker")
@IdClass(TickerEntity.Key.class)
class TickerEntity {
    @Id
    @Column(name = "instrument_id")
    int instrumentId;

    @Id
    @Column(name = "time")
    Instant eventTime;

    BigDecimal bid;
    BigDecimal ask;
    BigDecimal last;

    @Column(name = "volume_24h")
    BigDecimal volume24h;

    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        int instrumentId;
        Instant eventTime;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.instrumentId == instrumentId && Objects.equals(k.eventTime, eventTime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instrumentId, eventTime);
        }
    }
}
