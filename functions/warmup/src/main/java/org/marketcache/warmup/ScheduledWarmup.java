package org.marketcache.warmup;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.engine.Completions;
import org.marketcache.warm.Warmer;
import org.marketcache.warm.WarmupRequest;

import io.quarkus.scheduler.Scheduled;

/**
 * The in-process schedule: a warm-up of the hot and critical set on {@code marketcache.warmup.cron} (Quartz
 * syntax; {@code off} by default, because on Knative the PingSource drives the schedule: a pod that scales to zero
 * has no timer). Several pods on the same cron do the work once: the run's lease decides.
 */
@ApplicationScoped
public class ScheduledWarmup {
    private static final Logger LOG = Logger.getLogger(ScheduledWarmup.class);

    @Inject
    Warmer warmer;

    @Scheduled(identity = "marketcache-warmup", cron = "${marketcache.warmup.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> run() {
        return warmer.run(Warmer.Trigger.CRON, WarmupRequest.HOT).handle((s, err) -> {
            if (err != null) {
                LOG.warnf("scheduled warm-up failed: %s", Completions.unwrap(err).getMessage());
            }
            return null;
        });
    }
}
