package org.marketcache.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.marketcache.core.config.ConfigProblems;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;

/**
 * Start-up checks of the database tier, run after Flyway: rejects an invalid {@code marketcache.l3.*} configuration
 * with every problem named, and reports which storage layout the database uses (and why). A database created
 * without TimescaleDB while {@code marketcache.l3.timescale=on} stops the start: the operator asked for something
 * this database cannot give. With the runtime on the class path its configuration check has already reported these
 * rules, with every other module's, before this runs.
 */
@Singleton
public class L3StartupCheck {
    /** Runs before anything that reads or seeds data. */
    public static final int PRIORITY = 100;
    private static final Logger LOG = Logger.getLogger(L3StartupCheck.class);

    private final L3Config config;
    private final InjectableInstance<AgroalDataSource> dataSources;
    private volatile String layout = "unknown";

    public L3StartupCheck(L3Config config, InjectableInstance<AgroalDataSource> dataSources) {
        this.config = config;
        this.dataSources = dataSources;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event) {
        ConfigProblems.requireNone(new L3ConfigCheck(config).problems());
        List<AgroalDataSource> active = dataSources.listActive();
        if (active.isEmpty()) {
            LOG.warn("L3 storage layout not checked: no JDBC datasource is configured (quarkus.datasource.jdbc.url),"
                    + " which Flyway needs too");
            return;
        }
        try (Connection connection = active.get(0).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT layout, requested, reason, created_at FROM marketcache_storage")) {
            if (!rs.next()) {
                LOG.warn("L3 storage layout unknown: marketcache_storage is empty (was migration V1 interrupted?)");
                return;
            }
            layout = rs.getString("layout");
            String reason = rs.getString("reason");
            LOG.infof("L3 storage layout: %s (%s; chosen with marketcache.l3.timescale=%s on %s)", layout, reason,
                    rs.getString("requested"), rs.getTimestamp("created_at").toInstant());
            if (config.timescale() == L3Config.Timescale.ON && !"timescaledb".equals(layout)) {
                throw new IllegalStateException("marketcache.l3.timescale=on but this database was created with the "
                        + layout + " layout (" + reason + "); use a TimescaleDB database or set "
                        + "marketcache.l3.timescale=auto");
            }
            if (config.timescale() == L3Config.Timescale.OFF && "timescaledb".equals(layout)) {
                LOG.warn("marketcache.l3.timescale=off has no effect: this database was created with TimescaleDB");
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                LOG.warn("L3 schema not migrated (table marketcache_storage missing): set "
                        + "quarkus.flyway.migrate-at-start=true or run the migrations in db/migration");
            } else {
                LOG.warnf("L3 storage layout not checked: %s (SQLSTATE %s)", e.getMessage(), e.getSQLState());
            }
        }
    }

    /** {@code timescaledb}, {@code partitioned}, or {@code unknown} before the check ran or if it could not. */
    public String layout() {
        return layout;
    }
}
