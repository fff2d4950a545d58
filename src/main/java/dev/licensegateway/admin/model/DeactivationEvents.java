package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The answer of {@code GET /admin/v1/companies/{company}/deactivations}: newest event first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeactivationEvents(String company, String requestId, int limit, List<DeactivationEvent> events) {
}
