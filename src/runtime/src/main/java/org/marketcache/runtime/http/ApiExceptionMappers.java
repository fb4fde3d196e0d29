package org.marketcache.runtime.http;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.marketcache.core.InvalidInputException;
import org.marketcache.core.MarketCacheException;
import org.marketcache.core.NotFoundException;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.tier.TierUnavailableException;
import org.marketcache.core.engine.Completions;
import org.marketcache.runtime.security.TokenCheck;

/**
 * One place that turns failures into HTTP answers, for every function: bad input 400, unknown instrument 404, a
 * tier that cannot answer 503 with {@code Retry-After}, anything unexpected 500 with a reference id that is also
 * in the log. Bodies are {@link ApiError} JSON; internals (endpoints, stack traces) stay in the log.
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> invalid(InvalidInputException e) {
        return json(Response.Status.BAD_REQUEST, new ApiError(e.code(), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(NotFoundException e) {
        return json(Response.Status.NOT_FOUND, new ApiError(e.code(), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unauthorized(TokenCheck.Unauthorized e) {
        return RestResponse.ResponseBuilder.<ApiError>create(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(new ApiError(e.code(), e.getMessage(), null)).build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unavailable(TierUnavailableException e) {
        LOG.warnf("answering 503: %s", e.getMessage());
        String what = e.tier() == Tier.L3 ? "the market-data database" : "the shared cache (" + e.tier().label() + ")";
        return RestResponse.ResponseBuilder.<ApiError>create(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1")
                .entity(new ApiError(e.code(), what + " is unavailable and no cached copy can be served; retry"
                        + " shortly", null)).build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> domain(MarketCacheException e) {
        if (e instanceof TierUnavailableException || e instanceof InvalidInputException
                || e instanceof NotFoundException || e instanceof TokenCheck.Unauthorized) {
            return null;
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = status == 404 ? "NOT_FOUND" : status == 405 ? "METHOD_NOT_ALLOWED"
                : status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : status == 413 ? "PAYLOAD_TOO_LARGE"
                        : status == 401 ? "UNAUTHORIZED" : "HTTP_" + status;
        String message = status == 404 ? "no such resource" : e.getMessage();
        return json(Response.Status.fromStatusCode(status), new ApiError(code, message, null));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> any(Throwable e) {
        Throwable cause = Completions.unwrap(e);
        if (cause != e && cause instanceof MarketCacheException) {
            if (cause instanceof InvalidInputException) {
                return invalid((InvalidInputException) cause);
            }
            if (cause instanceof NotFoundException) {
                return notFound((NotFoundException) cause);
            }
            if (cause instanceof TierUnavailableException) {
                return unavailable((TierUnavailableException) cause);
            }
            if (cause instanceof TokenCheck.Unauthorized) {
                return unauthorized((TokenCheck.Unauthorized) cause);
            }
        }
        return unexpected(cause);
    }

    private RestResponse<ApiError> unexpected(Throwable e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error, reference %s", ref);
        return json(Response.Status.INTERNAL_SERVER_ERROR, new ApiError("INTERNAL",
                "unexpected error; reference " + ref, null));
    }

    private static RestResponse<ApiError> json(Response.StatusType status, ApiError body) {
        return RestResponse.ResponseBuilder.<ApiError>create(status.getStatusCode())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
