package org.marketcache.warm;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.engine.Completions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Every {@code marketcache.hot-keys.publish-interval}, merges this pod's most requested keys into the shared
 * ranking: one script call per interval per pod, whatever the request rate. A pod that served no reads publishes
 * nothing. A failed merge is logged and those counts are lost (the next interval's counts still arrive): the
 * ranking is a heuristic, not data of record.
 */
@ApplicationScoped
public class HotKeyPublisher {
    private static final Logger LOG = Logger.getLogger(HotKeyPublisher.class);

    @Inject
    FrequentItemsSampler sampler;
    @Inject
    HotKeyRanking ranking;
    @Inject
    HotKeysConfig config;

    private Counter published;

    @Inject
    void metrics(MeterRegistry registry) {
        published = Counter.builder("cache.hotkeys.published")
                .description("Keys this pod merged into the shared hot-key ranking").register(registry);
    }

    @Scheduled(identity = "marketcache-hot-keys-publish", every = "${marketcache.hot-keys.publish-interval}",
            delayed = "${marketcache.hot-keys.publish-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> scheduled() {
        return publish().handle((n, err) -> null);
    }

    /** Drains the pod's sketch into the ranking now; answers how many keys were merged. */
    public CompletionStage<Integer> publish() {
        List<HotKey> top = sampler.drain(config.topK());
        if (top.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return ranking.merge(top).handle((size, err) -> {
            if (err != null) {
                LOG.warnf("hot-keys: merging %d keys into the ranking failed, counts of this interval dropped: %s",
                        top.size(), Completions.unwrap(err).getMessage());
                return 0;
            }
            published.increment(top.size());
            LOG.debugf("hot-keys: merged %d keys (hottest %s ~%.0f requests); ranking holds %d", top.size(),
                    top.get(0).id(), top.get(0).score(), size);
            return top.size();
        });
    }
}
