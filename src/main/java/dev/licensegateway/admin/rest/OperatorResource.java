package dev.licensegateway.admin.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /admin/v1/operator}: who the presented credential signs in as, and which companies it may act
 * for. The portal's sign-in asks it to check a credential before keeping it. Today the one credential is
 * the admin token, for every company; per-company operator accounts would answer their own name and
 * company list here, and the portal would need no other change to show them.
 */
@Path("/admin/v1/operator")
public class OperatorResource {

    /** The signed-in operator; {@code companies} is null for "every company". */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Operator(String name, String credential, List<String> companies) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Operator operator() {
        // Only reached with a valid admin token: AdminAuthFilter guards every path under /admin.
        return new Operator("admin", "admin-token", null);
    }
}
