package org.marketcache.bench.load;

import java.io.IOException;

/**
 * One part of a run, selected by its name in {@code --plan}: it drives its load and writes its report section,
 * with what every phase of the run shares.
 */
abstract class Phase {
    protected final BenchOptions o;
    protected final LoadGenerator generator;
    protected final ServerProbe probe;
    protected final Workload workload;
    protected final Report report;

    Phase(BenchRun run) {
        this.o = run.options();
        this.generator = run.generator();
        this.probe = run.probe();
        this.workload = run.workload();
        this.report = run.report();
    }

    abstract void run() throws IOException;
}
