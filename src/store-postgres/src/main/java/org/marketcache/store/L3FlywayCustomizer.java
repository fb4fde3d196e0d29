package org.marketcache.store;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * Hands {@code marketcache.l3.timescale} to the migrations as the Flyway placeholder {@code ${timescale}}, so the
 * layout is configured with the project's own key (validated, documented) rather than a raw Flyway property.
 * Flyway checksums scripts before placeholders are replaced, so the value never invalidates an applied migration.
 */
@Singleton
public class L3FlywayCustomizer implements FlywayConfigurationCustomizer {
    public static final String PLACEHOLDER = "timescale";

    private final L3Config config;

    public L3FlywayCustomizer(L3Config config) {
        this.config = config;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
        placeholders.put(PLACEHOLDER, config.timescale().label());
        configuration.placeholders(placeholders);
    }
}
