package org.marketcache.runtime.stream;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Redis Stream entry: its id ({@code <ms>-<seq>}) and its fields in the order they were written (the write-back
 * dead-letter stream copies them in that order).
 */
public record StreamEntry(String id, Map<String, String> fields) {
    public StreamEntry {
        if (id == null || id.indexOf('-') <= 0) {
            throw new IllegalArgumentException("a stream entry id looks like <ms>-<seq>: " + id);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** When Redis added the entry, in epoch milliseconds (the first part of the id). */
    public long addedAtMillis() {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    /** Orders stream ids ({@code <ms>-<seq>}) as Redis does: by time, then by sequence. */
    public static int compareIds(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return c != 0 ? c : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }
}
