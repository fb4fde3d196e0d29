package org.marketcache.bench.load;

/** What every phase of one run works with. */
record BenchRun(BenchOptions options, LoadGenerator generator, ServerProbe probe, Workload workload, Report report) {
}
