package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * One NDJSON line of a bulk device load: the license by {@code license_key} (or {@code license_id} for
 * licenses without a key), the device, and whether it is active (default true).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkDeviceLine(String licenseKey, Long licenseId, String hardwareId, Boolean active,
                             Map<String, Object> variables) {
}
