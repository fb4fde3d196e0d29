package org.marketcache.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code instrument}. Package-private: callers see {@link InstrumentRecord}. */
@Entity
@Table(name = "instrument")
class InstrumentEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Integer id;

    @Column(nullable = false)
    String exchange;

    @Column(nullable = false)
    String base;

    @Column(nullable = false)
    String quote;

    @Column(name = "created_at", insertable = false, updatable = false)
    Instant createdAt;
}
