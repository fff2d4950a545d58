package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/** One row of the {@code deactivation_events} audit trail; the jsonb columns come out as JSON values. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeactivationEvent(String companyId, long eventId, String requestId, long licenseId, long deviceId,
                                String hardwareId, String principal, String sourceIp, int schemaVersion,
                                long consumptions, Object featureDeltas, Object clientInfo,
                                OffsetDateTime createdAt) {
}
