package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;

/** One license as an operator inspects it: settings, counters, users (names only) and devices. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LicenseView(String company, long licenseId, String product, String licenseKey, String type,
                          boolean trial, boolean enabled, int maxActivations, int timesActivated,
                          Consumption consumption, List<Feature> features, List<User> users, long devicesTotal,
                          List<Device> devices, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Consumption(long max, long total, boolean allowOverages, long maxOverages, boolean unlimited,
                              boolean allowNegative) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Feature(String code, long maxConsumption, long total, boolean allowOverages, long maxOverages,
                          boolean unlimited, boolean allowNegative) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record User(String username) {
    }

    /** {@code variables} is the device's stored JSON (an object, or null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Device(long deviceId, String hardwareId, boolean active, Object variables,
                         OffsetDateTime activatedAt, OffsetDateTime deactivatedAt) {
    }
}
