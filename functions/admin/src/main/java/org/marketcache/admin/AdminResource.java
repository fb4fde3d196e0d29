package org.marketcache.admin;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.marketcache.runtime.http.ApiError;

/**
 * The admin API's own status: {@code GET /v1/admin/status}. The admin token is checked for every path under
 * {@code /v1/admin} by {@link AdminAuthentication}, not here.
 */
@Path(AdminAuthentication.PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "bearer")
@Tag(name = "admin", description = "Operator endpoints (admin token)")
public class AdminResource {
    @Inject
    StatusProbe probe;

    @GET
    @Path("status")
    @Operation(summary = "Status of the admin function, the schema and the dependencies",
            description = "The schema version is the last successful migration in Flyway's history table (null if"
                    + " the database is unreachable or was never migrated); redis and database are UP or DOWN as"
                    + " each answered within 2 s. Always 200 while this function runs.")
    @APIResponse(responseCode = "200", description = "Status", content = @Content(schema = @Schema(implementation = AdminStatus.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<AdminStatus> status() {
        return probe.status();
    }
}
