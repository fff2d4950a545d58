package dev.licensegateway.admin.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The answer of {@code GET /admin/v1/companies/{company}/deactivations}: newest event first, or with
 * {@code after} a keyset page in event order whose {@code next_cursor} (null on the last page) fetches the next.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeactivationEvents(String company, String requestId, int limit, String after,
                                 List<DeactivationEvent> events, String nextCursor) {
}
