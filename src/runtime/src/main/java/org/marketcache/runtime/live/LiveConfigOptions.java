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

    /**
     * Longest a starting pod waits for the stored version before it reports ready on the version it has (its own
     * start-up configuration), saying why in its readiness data; the periodic check keeps trying. Bounded so that
     * an unreachable or silent Redis never keeps a pod from starting.
     */
    @WithName("start-timeout")
    @WithDefault("3s")
    Duration startTimeout();

    /** Largest document the admin API accepts, in bytes. */
    @WithName("max-document-bytes")
    @WithDefault("65536")
    int maxDocumentBytes();

    /** "Who" in the history for changes made with the admin token. */
    @WithName("admin-token-name")
    @WithDefault("admin")
    String adminTokenName();
}
