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

/**
 * A row of {@code candle_1m}, the only stored timeframe. Reads of every timeframe go through the SQL function
 * {@code marketcache_candles} (see {@link CandleRepository}); the entity documents the table and serves
 * single-row access.
 */
@Entity
@Table(name = "candle_1m")
@IdClass(CandleEntity.Key.class)
class CandleEntity {
    @Id
    @Column(name = "instrument_id")
    int instrumentId;

    @Id
    @Column(name = "open_time")
    Instant openTime;

    BigDecimal open;
    BigDecimal high;
    BigDecimal low;
    BigDecimal close;
    BigDecimal volume;
    boolean closed;

    @Column(name = "updated_at", insertable = false, updatable = false)
    Instant updatedAt;

    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        int instrumentId;
        Instant openTime;

        Key() {
        }

        Key(int instrumentId, Instant openTime) {
            this.instrumentId = instrumentId;
            this.openTime = openTime;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.instrumentId == instrumentId && Objects.equals(k.openTime, openTime);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instrumentId, openTime);
        }
    }
}
