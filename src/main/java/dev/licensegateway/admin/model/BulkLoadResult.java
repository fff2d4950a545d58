package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What one bulk device load wrote, and how fast. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkLoadResult(String company, long devices, long activeDevices, int batches, long elapsedMs,
                             long devicesPerSecond) {
}
