package org.marketcache.core.testing;

import org.marketcache.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: lets tests (ours and yours) check expiry without sleeping. */
public final class ManualTimeSource implements TimeSource {
    private final AtomicLong now;

    public ManualTimeSource(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    @Override
    public long currentTimeMillis() {
        return now.get();
    }

    public void advance(Duration d) {
        now.addAndGet(d.toMillis());
    }

    public void set(long millis) {
        now.set(millis);
    }
}
