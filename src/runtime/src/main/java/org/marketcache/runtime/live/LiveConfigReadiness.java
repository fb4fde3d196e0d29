package org.marketcache.runtime.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The pod is ready only once it has loaded the current live configuration (or found Redis unreachable at start and
 * kept its own). The data says which version runs and, when it may not be the current one, why: a pod on an old
 * version because Redis is down or because it rejected a document stays in rotation, but never silently.
 */
@Readiness
@ApplicationScoped
public class LiveConfigReadiness implements HealthCheck {
    @Inject
    LiveConfigSync sync;
    @Inject
    LiveConfig live;

    @Override
    public HealthCheckResponse call() {
        String problem = sync.problem();
        return HealthCheckResponse.named("marketcache-config").status(sync.loaded())
                .withData("configVersion", live.version())
                .withData("configStatus", problem == null ? "current" : "stale")
                .withData("configProblem", problem == null ? "none" : problem).build();
    }
}
