package org.marketcache.runtime.live;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.config.ConfigProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Changes to the live configuration as the admin API makes them: replace the document, merge a patch into it
 * (RFC 7396), or roll back to a recorded version. Each change names the version it was made against; the document
 * is validated whole (every problem reported, nothing stored when there is one) and then stored by compare-and-set,
 * so of two changes made against the same version exactly one is stored and the other learns the current version.
 * Version 0 is this function's own start-up configuration.
 */
@ApplicationScoped
public class LiveConfigEditor {
    @Inject
    LiveConfigStore store;
    @Inject
    LiveConfig live;

    /** The current document: its version, content, and who stored it when (null for version 0). */
    public record Current(long version, JsonNode config, String updatedAt, String updatedBy) {
    }

    /** What became of a change. */
    public sealed interface Outcome permits Stored, Conflict, Invalid, NoSuchVersion {
    }

    /** Stored as {@code version}, at {@code updatedAt} (ISO-8601). */
    public record Stored(long version, JsonNode config, String updatedAt) implements Outcome {
    }

    /** Not stored: the change was made against {@code expected} but {@code current} is the current version. */
    public record Conflict(long expected, long current) implements Outcome {
    }

    /** Not stored: the resulting document breaks these rules. */
    public record Invalid(List<ConfigProblem> problems) implements Outcome {
    }

    /** Not stored: a rollback named a version the history does not hold. */
    public record NoSuchVersion(long version, long oldestKept) implements Outcome {
    }

    public CompletionStage<Current> current() {
        return store.current().thenApply(this::current);
    }

    private Current current(Optional<LiveConfigStore.Stored> s) {
        return s.map(x -> new Current(x.version(), x.config(), x.updatedAt(), x.updatedBy()))
                .orElseGet(() -> new Current(0, LiveDocument.write(live.startup()), null, null));
    }

    /** Replaces the whole document, if {@code expected} is the current version. */
    public CompletionStage<Outcome> replace(long expected, JsonNode document, String by, String reason) {
        return change(expected, c -> document, by, reason);
    }

    /** Merges {@code patch} (RFC 7396) into the current document, if {@code expected} is the current version. */
    public CompletionStage<Outcome> patch(long expected, JsonNode patch, String by, String reason) {
        return change(expected, c -> LiveDocument.mergePatch(c.config(), patch), by, reason);
    }

    /** Stores the document of a recorded version (0: start-up configuration) again, as a new version. */
    public CompletionStage<Outcome> rollback(long version, String by, String reason) {
        return store.current().thenCompose(s -> {
            Current c = current(s);
            if (version == 0) {
                return write(c, LiveDocument.write(live.startup()), by, reason);
            }
            return store.history().thenCompose(history -> {
                for (JsonNode entry : history) {
                    if (entry.path("version").asLong() == version) {
                        return write(c, entry.get("config"), by, reason);
                    }
                }
                long oldest = history.isEmpty() ? 0 : history.get(history.size() - 1).path("version").asLong();
                return CompletableFuture.completedFuture(new NoSuchVersion(version, oldest));
            });
        });
    }

    private CompletionStage<Outcome> change(long expected, java.util.function.Function<Current, JsonNode> edit,
            String by, String reason) {
        return store.current().thenCompose(s -> {
            Current c = current(s);
            if (c.version() != expected) {
                return CompletableFuture.completedFuture(new Conflict(expected, c.version()));
            }
            return write(c, edit.apply(c), by, reason);
        });
    }

    private CompletionStage<Outcome> write(Current c, JsonNode next, String by, String reason) {
        LiveDocument.Reading reading = live.read(next);
        if (!reading.valid()) {
            return CompletableFuture.completedFuture(new Invalid(reading.problems()));
        }
        JsonNode canonical = LiveDocument.write(reading.settings().orElseThrow());
        return store.write(c.version(), c.config(), canonical, by, reason).thenApply(w -> w.written()
                ? new Stored(w.version(), canonical, w.at()) : new Conflict(c.version(), w.version()));
    }
}
