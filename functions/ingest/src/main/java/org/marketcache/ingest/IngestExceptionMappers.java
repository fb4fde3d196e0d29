package org.marketcache.ingest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.marketcache.runtime.http.ApiError;

/** The ingest-specific answers: a rejected batch lists its bad records; a full write-back log is a 503. */
public class IngestExceptionMappers {

    /** 400 body for a rejected batch. */
    public record BatchErrors(String error, String message, String field, int total, List<RecordError> records) {
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<BatchErrors> rejected(BatchRejectedException e) {
        return RestResponse.ResponseBuilder.<BatchErrors>create(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new BatchErrors(e.code(), e.getMessage(), e.field(), e.total(), e.errors())).build();
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<ApiError> tooLarge(IngestResource.TooLarge e) {
        return RestResponse.ResponseBuilder.<ApiError>create(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(e.code(), e.getMessage(), e.field()))
                .build();
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<ApiError> backlog(WriteBackLog.Backpressure e) {
        return RestResponse.ResponseBuilder.<ApiError>create(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "2")
                .entity(new ApiError(e.code(), e.getMessage(), null)).build();
    }
}
