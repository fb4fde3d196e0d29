package org.marketcache.bench.alt;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Stands in for the ingest function's {@code POST /v1/ingest/candles} so the load generator's ingest
 * stream can be exercised before that function exists: it checks the bearer token and the body's shape, and
 * discards the candles. It measures nothing about ingest.
 */
@Path("/stub/v1/ingest/candles")
public class IngestStub {
    @ConfigProperty(name = "bench.stub.ingest-token", defaultValue = "bench")
    String token;
    @Inject
    ObjectMapper json;

    @POST
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<String> ingest(@HeaderParam("Authorization") String auth, String body) throws Exception {
        if (auth == null || !auth.equals("Bearer " + token)) {
            return RestResponse.status(RestResponse.Status.UNAUTHORIZED, "{\"error\":\"UNAUTHORIZED\"}");
        }
        JsonNode array = json.readTree(body);
        if (!array.isArray()) {
            return RestResponse.status(RestResponse.Status.BAD_REQUEST, "{\"error\":\"NOT_AN_ARRAY\"}");
        }
        for (JsonNode c : array) {
            for (String f : new String[] {"exchange", "symbol", "openTime", "open", "high", "low", "close", "volume",
                "closed"}) {
                if (!c.has(f)) {
                    return RestResponse.status(RestResponse.Status.BAD_REQUEST,
                            "{\"error\":\"MISSING_FIELD\",\"field\":\"" + f + "\"}");
                }
            }
        }
        return RestResponse.status(RestResponse.Status.ACCEPTED, "{\"accepted\":" + array.size() + "}");
    }
}
