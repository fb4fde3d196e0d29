package org.marketcache.bench.load;

import java.io.IOException;

/** One part of a run, selected by its name in {@code --plan}: it drives its load and writes its report section. */
interface Phase {

    void run() throws IOException;
}
