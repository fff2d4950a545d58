package dev.licensegateway.admin.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.List;

/** Bodies and answers of the webhook admin API ({@code /admin/v1/companies/{company}/webhooks}). */
public final class WebhookModels {

    private WebhookModels() {
    }

    /** POST and PATCH body; on PATCH every field is optional. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EndpointSpec(String url, String secret, Boolean enabled) {
        @Override
        public String toString() {
            return "EndpointSpec[url=" + url + ", secret=***, enabled=" + enabled + "]";
        }
    }

    /** An endpoint; {@code secret} only in the answer that generated it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(long endpointId, String url, boolean enabled, OffsetDateTime createdAt,
                           OffsetDateTime updatedAt, String secret) {
        @Override
        public String toString() {
            return "Endpoint[" + endpointId + ", " + url + "]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Delivery(long deliveryId, String eventId, long endpointId, String state, int attempts,
                           OffsetDateTime nextAttemptAt, String leaseOwner, Integer lastStatus, String lastError,
                           OffsetDateTime deliveredAt, OffsetDateTime createdAt) {
    }

    /** A page of deliveries; {@code next_cursor} is null on the last page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Deliveries(String company, List<Delivery> deliveries, String nextCursor) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Redriven(String company, int deliveries) {
    }
}
