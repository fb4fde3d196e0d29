package org.marketcache.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.marketcache.runtime.security.TokenCheck;

/**
 * The admin token on every endpoint under {@value #PREFIX}, checked once here rather than in each resource method,
 * so an endpoint added later cannot forget it. A missing or wrong token is a {@link TokenCheck.Unauthorized}, which
 * the runtime's exception mappers answer 401 with a JSON body; with {@code MARKETCACHE_ADMIN_TOKEN} unset every call
 * is refused. Health, metrics and OpenAPI under {@code /q} stay open, as in the other functions.
 */
public class AdminAuthentication {
    /** Every path at or below this one needs the admin token. */
    public static final String PREFIX = "/v1/admin";

    @Inject
    TokenCheck tokens;

    @ServerRequestFilter
    public void requireAdminToken(ContainerRequestContext request) {
        if (guards(request.getUriInfo().getPath())) {
            tokens.requireAdmin(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
    }

    /** Whether {@code path} (as matched, without scheme or query) is under {@value #PREFIX}. */
    static boolean guards(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }
}
