package org.marketcache.runtime.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The restart-only settings of live configuration itself ({@code marketcache.live-config.*}): how often a pod looks
 * for a missed change, how large a document may be, and the name changes made with the admin token are recorded
 * under.
 */
@ConfigMapping(prefix = "marketcache.live-config")
public interface LiveConfigOptions {
    /** How often each pod compares the stored version with its own; its acknowledgement lives three intervals. */
    @WithName("check-interval")
    @WithDefault("5s")
    Duration checkInterval();

    /** Largest document the admin API accepts, in bytes. */
    @WithName("max-document-bytes")
    @WithDefault("65536")
    int maxDocumentBytes();

    /** "Who" in the history for changes made with the admin token. */
    @WithName("admin-token-name")
    @WithDefault("admin")
    String adminTokenName();
}
