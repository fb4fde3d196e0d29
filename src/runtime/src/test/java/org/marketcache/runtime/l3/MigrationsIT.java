package org.marketcache.runtime.l3;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.marketcache.runtime.testing.PostgresDatabase;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PostgresDatabase.class)
class MigrationsIT {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    L3StartupCheck startup;

    @Test
    void choosesThePartitionedLayoutWhereTimescaleIsNotAvailable() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT marketcache_layout(), requested, reason FROM marketcache_storage")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("partitioned");
            assertThat(rs.getString(2)).isEqualTo("auto");
            assertThat(rs.getString(3)).isEqualTo("timescaledb extension not available");
        }
        assertThat(startup.layout()).isEqualTo("partitioned");
    }
}
