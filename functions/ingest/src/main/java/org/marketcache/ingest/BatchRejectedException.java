package org.marketcache.ingest;

import java.util.List;

import org.marketcache.core.InvalidInputException;

/** A batch with at least one bad record: rejected whole, nothing of it written. Answered 400 with every error. */
public class BatchRejectedException extends InvalidInputException {
    /** At most this many record errors are listed in an answer. */
    public static final int MAX_LISTED = 100;
    private final List<RecordError> errors;
    private final int total;

    public BatchRejectedException(int total, List<RecordError> errors) {
        super("INVALID_BATCH", "records", errors.size() + " of " + total + " records are invalid; nothing was written");
        this.errors = List.copyOf(errors.subList(0, Math.min(MAX_LISTED, errors.size())));
        this.total = total;
    }

    public List<RecordError> errors() {
        return errors;
    }

    public int total() {
        return total;
    }
}
