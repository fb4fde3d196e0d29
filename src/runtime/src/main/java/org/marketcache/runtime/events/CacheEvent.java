package org.marketcache.runtime.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.marketcache.core.MarketCacheException;
import org.marketcache.marketdata.Instrument;

/**
 * What one entry of the event stream says, so publisher and consumer agree on one vocabulary instead of field
 * strings on both sides. {@link #encode()} gives the stream fields, {@link #decode(Map)} reads them back and names
 * the field of a malformed entry.
 *
 * <p>Stream fields: {@code type} ({@code keys}, {@code group}, {@code all}, {@code instrument}), {@code cache} (a
 * cache name or {@code *}), {@code group}, {@code keys} (key ids separated by newlines), {@code id} (an instrument
 * id). Other fields (the publisher adds {@code origin}) are ignored.
 */
public sealed interface CacheEvent
        permits CacheEvent.KeysChanged, CacheEvent.GroupInvalidated, CacheEvent.AllInvalidated,
        CacheEvent.InstrumentAdded {

    String TYPE = "type";
    String CACHE = "cache";
    String GROUP = "group";
    String KEYS = "keys";
    String ID = "id";
    /** Every cache, in {@code cache}. */
    String EVERY_CACHE = "*";

    /** The stream fields of this event, {@code type} first. */
    Map<String, String> encode();

    /**
     * The event these stream fields describe; empty for a {@code type} this release does not know (a newer
     * publisher), which the consumer skips.
     *
     * @throws MalformedEventException naming the first field that is missing or unreadable
     */
    static Optional<CacheEvent> decode(Map<String, String> fields) {
        String type = fields.get(TYPE);
        if (type == null) {
            throw new MalformedEventException(TYPE, "is required", null);
        }
        return Optional.ofNullable(switch (type) {
            case KeysChanged.KIND -> KeysChanged.decode(fields);
            case GroupInvalidated.KIND -> new GroupInvalidated(required(fields, CACHE), required(fields, GROUP));
            case AllInvalidated.KIND -> new AllInvalidated();
            case InstrumentAdded.KIND -> InstrumentAdded.decode(fields);
            default -> null;
        });
    }

    /** These keys of {@code cache} changed or were removed: every pod drops its L1 copies. */
    record KeysChanged(String cache, List<String> keyIds) implements CacheEvent {
        static final String KIND = "keys";

        public KeysChanged {
            requireName(CACHE, cache);
            keyIds = List.copyOf(keyIds);
            for (String id : keyIds) {
                if (id.isEmpty() || id.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a key id in a cache event must be non-empty and have no"
                            + " newline: '" + id + "'");
                }
            }
        }

        @Override
        public Map<String, String> encode() {
            return fields(KIND, CACHE, cache, KEYS, String.join("\n", keyIds));
        }

        static KeysChanged decode(Map<String, String> fields) {
            String cache = required(fields, CACHE);
            String joined = fields.get(KEYS);
            if (joined == null) {
                throw new MalformedEventException(KEYS, "is required", null);
            }
            List<String> ids = new ArrayList<>();
            if (!joined.isEmpty()) {
                for (String id : joined.split("\n", -1)) {
                    if (id.isEmpty()) {
                        throw new MalformedEventException(KEYS, "must be key ids separated by single newlines",
                                joined);
                    }
                    ids.add(id);
                }
            }
            return new KeysChanged(cache, ids);
        }
    }

    /** Every key of {@code cache} ({@code *}: of every cache) in {@code group} was invalidated. */
    record GroupInvalidated(String cache, String group) implements CacheEvent {
        static final String KIND = "group";

        public GroupInvalidated {
            requireName(CACHE, cache);
            requireName(GROUP, group);
        }

        @Override
        public Map<String, String> encode() {
            return fields(KIND, CACHE, cache, GROUP, group);
        }
    }

    /** Everything was invalidated: every pod drops its whole L1. */
    record AllInvalidated() implements CacheEvent {
        static final String KIND = "all";

        @Override
        public Map<String, String> encode() {
            return fields(KIND, CACHE, EVERY_CACHE);
        }
    }

    /** A new instrument exists with this id: pods add it to their known set and forget any "unknown". */
    record InstrumentAdded(Instrument instrument, int id) implements CacheEvent {
        static final String KIND = "instrument";

        public InstrumentAdded {
            if (instrument == null) {
                throw new IllegalArgumentException("an instrument event needs an instrument");
            }
        }

        @Override
        public Map<String, String> encode() {
            return fields(KIND, GROUP, instrument.keyGroup(), ID, Integer.toString(id));
        }

        static InstrumentAdded decode(Map<String, String> fields) {
            String group = required(fields, GROUP);
            int colon = group.indexOf(':');
            if (colon < 0) {
                throw new MalformedEventException(GROUP, "must be an instrument key group <exchange>:<BASE-QUOTE>",
                        group);
            }
            Instrument instrument;
            try {
                instrument = Instrument.of(group.substring(0, colon), group.substring(colon + 1));
            } catch (MarketCacheException e) {
                throw new MalformedEventException(GROUP, "must be an instrument key group <exchange>:<BASE-QUOTE> ("
                        + e.getMessage() + ")", group, e);
            }
            String id = required(fields, ID);
            try {
                return new InstrumentAdded(instrument, Integer.parseInt(id));
            } catch (NumberFormatException e) {
                throw new MalformedEventException(ID, "must be an integer", id, e);
            }
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException(name, "is required", value);
        }
        return value;
    }

    private static void requireName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a cache event needs a non-empty " + field + ": " + value);
        }
    }

    private static Map<String, String> fields(String kind, String... namesAndValues) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(TYPE, kind);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            out.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
    }
}
