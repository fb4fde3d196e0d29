package org.marketcache.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.marketcache.runtime.http.ApiError;
import org.marketcache.runtime.live.LiveConfigEditor;
import org.marketcache.runtime.live.LiveConfigOptions;
import org.marketcache.runtime.live.LiveConfigStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The live configuration of every pod: {@code /v1/admin/config}. A change names the version it was made against in
 * {@code If-Match: "N"} (the {@code ETag} of {@code GET}); it is validated whole and stored as version N+1, or
 * refused with every problem (422), or refused because N is no longer current (409). Pods apply a stored version
 * within seconds and acknowledge it ({@code GET /v1/admin/config/pods}). An optional {@code X-Change-Reason} header
 * is recorded in the history with the token's name and the time.
 */
@Path(AdminAuthentication.PREFIX + "/config")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "admin", description = "Operator endpoints (admin token)")
public class ConfigResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IF_MATCH = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");

    @Inject
    LiveConfigEditor editor;
    @Inject
    LiveConfigStore store;
    @Inject
    LiveConfigOptions options;

    @GET
    @Operation(summary = "The current live configuration, its version (also the ETag) and who stored it when")
    public CompletionStage<Response> get() {
        return editor.current().thenApply(c -> current(c.version(), c.config(), c.updatedAt(), c.updatedBy()));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Replace the whole document (If-Match: \"N\" required)")
    public CompletionStage<Response> put(@HeaderParam("If-Match") String ifMatch,
            @HeaderParam("X-Change-Reason") String reason, byte[] body) {
        return change(ifMatch, body, (expected, doc) -> editor.replace(expected, doc, who(), reason(reason)));
    }

    @PATCH
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Merge a JSON Merge Patch (RFC 7396) into the document (If-Match: \"N\" required)")
    public CompletionStage<Response> patch(@HeaderParam("If-Match") String ifMatch,
            @HeaderParam("X-Change-Reason") String reason, byte[] body) {
        return change(ifMatch, body, (expected, doc) -> editor.patch(expected, doc, who(), reason(reason)));
    }

    @GET
    @Path("history")
    @Operation(summary = "The recorded versions, newest first: version, at, by, reason, diff, config")
    public CompletionStage<Response> history() {
        return store.history().thenApply(h -> Response.ok(Map.of("versions", h)).build());
    }

    @POST
    @Path("rollback")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Store a recorded version's document again, as a new version: {\"version\": N}")
    public CompletionStage<Response> rollback(@HeaderParam("X-Change-Reason") String reason, byte[] body) {
        Response refused = tooLarge(body);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return CompletableFuture.completedFuture(malformed(e));
        }
        if (doc == null || !doc.path("version").canConvertToLong() || !doc.path("version").isIntegralNumber()
                || doc.path("version").asLong() < 0) {
            return CompletableFuture.completedFuture(error(400, new ApiError("INVALID_ROLLBACK",
                    "body must be {\"version\": N} with N a recorded version (0: start-up configuration)",
                    "version")));
        }
        long version = doc.path("version").asLong();
        String why = reason != null ? reason : doc.path("reason").asText("rollback to version " + version);
        return editor.rollback(version, who(), why).thenApply(this::answer);
    }

    @GET
    @Path("pods")
    @Operation(summary = "Every live pod: function, pod, started at, version applied and when, applied or rejected")
    public CompletionStage<Response> pods() {
        return editor.current().thenCompose(c -> store.pods().thenApply(p -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", c.version());
            body.put("pods", p);
            return Response.ok(body).build();
        }));
    }

    private interface Change {
        CompletionStage<LiveConfigEditor.Outcome> apply(long expected, JsonNode document);
    }

    private CompletionStage<Response> change(String ifMatch, byte[] body, Change change) {
        Response refused = tooLarge(body);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return CompletableFuture.completedFuture(error(428, new ApiError("PRECONDITION_REQUIRED",
                    "a change must name the version it was made against: If-Match: \"N\" with N the ETag of"
                            + " GET /v1/admin/config", "If-Match")));
        }
        Matcher m = IF_MATCH.matcher(ifMatch);
        if (!m.matches()) {
            return CompletableFuture.completedFuture(error(400, new ApiError("INVALID_IF_MATCH",
                    "If-Match must be a version in quotes, e.g. \"3\": " + ifMatch, "If-Match")));
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return CompletableFuture.completedFuture(malformed(e));
        }
        if (doc == null || !doc.isObject()) {
            return CompletableFuture.completedFuture(error(400, new ApiError("MALFORMED_JSON",
                    "body must be a JSON object", null)));
        }
        return change.apply(Long.parseLong(m.group(1)), doc).thenApply(this::answer);
    }

    private Response answer(LiveConfigEditor.Outcome outcome) {
        if (outcome instanceof LiveConfigEditor.Stored s) {
            return current(s.version(), s.config(), s.updatedAt(), who());
        }
        if (outcome instanceof LiveConfigEditor.Conflict c) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "VERSION_CONFLICT");
            body.put("message", "the change was made against version " + c.expected() + " but version "
                    + c.current() + " is current; GET /v1/admin/config, redo the change on it, and send If-Match: \""
                    + c.current() + "\"");
            body.put("field", "If-Match");
            body.put("currentVersion", c.current());
            return Response.status(409).entity(body).tag(Long.toString(c.current())).build();
        }
        if (outcome instanceof LiveConfigEditor.Invalid i) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "INVALID_CONFIG");
            body.put("message", i.problems().size() + " problem(s); nothing was changed: "
                    + i.problems().get(0).message() + (i.problems().size() > 1 ? "; ..." : ""));
            body.put("problems", i.problems());
            return Response.status(422).entity(body).build();
        }
        LiveConfigEditor.NoSuchVersion n = (LiveConfigEditor.NoSuchVersion) outcome;
        return error(404, new ApiError("UNKNOWN_VERSION", "version " + n.version() + " is not in the history"
                + " (it keeps the last " + LiveConfigStore.HISTORY + " versions"
                + (n.oldestKept() > 0 ? ", oldest " + n.oldestKept() : "") + "; 0 is the start-up configuration)",
                "version"));
    }

    private static Response current(long version, JsonNode config, String updatedAt, String updatedBy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("config", config);
        body.put("updatedAt", updatedAt);
        body.put("updatedBy", updatedBy);
        return Response.ok(body).tag(Long.toString(version)).build();
    }

    private Response tooLarge(byte[] body) {
        int limit = options.maxDocumentBytes();
        if (body != null && body.length > limit) {
            return error(413, new ApiError("PAYLOAD_TOO_LARGE", "the body has " + body.length + " bytes, more than"
                    + " marketcache.live-config.max-document-bytes (" + limit + ")", null));
        }
        return null;
    }

    private static Response malformed(java.io.IOException e) {
        String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return error(400, new ApiError("MALFORMED_JSON", "body is not valid JSON: " + detail, null));
    }

    private static Response error(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private String who() {
        return options.adminTokenName();
    }

    private static String reason(String header) {
        return header == null || header.isBlank() ? "" : header.length() > 500 ? header.substring(0, 500) : header;
    }
}
