package dev.licensegateway.admin.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** What one bulk device load wrote, and how fast; {@code changes} by action for an upsert load. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkLoadResult(String company, String mode, long devices, long activeDevices, int batches, long elapsedMs,
                             long devicesPerSecond, Map<String, Integer> changes) {
}
