package org.marketcache.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the SQL statements Hibernate Reactive sends. Every statement goes through its connection's
 * {@code SqlStatementLogger}, which logs it at DEBUG on {@code org.hibernate.SQL} (enabled in the test
 * configuration); this handler records those messages. Independent of the code under test, so "one query"
 * assertions cannot be fooled by the store's own bookkeeping. (pg_stat_statements would be the server-side
 * equivalent, but it needs shared_preload_libraries, which the test server does not have.)
 */
public final class SqlStatements implements AutoCloseable {
    private static final String CATEGORY = "org.hibernate.SQL";
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(CATEGORY);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null) {
                statements.add(message.strip());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private SqlStatements() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public static SqlStatements record() {
        return new SqlStatements();
    }

    public List<String> statements() {
        return List.copyOf(statements);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
