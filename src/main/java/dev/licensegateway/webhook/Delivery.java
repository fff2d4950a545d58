package dev.licensegateway.webhook;

/**
 * A delivery claimed by one dispatcher: where to send which event, and the attempt number that fences the
 * outcome (a dispatcher whose lease ran out cannot record over a newer attempt).
 */
public record Delivery(String companyId, long deliveryId, String eventId, int attempt, String url,
                       byte[] secretEncrypted, String body) {

    @Override
    public String toString() {
        return "Delivery[" + companyId + "/" + deliveryId + ", event " + eventId + ", attempt " + attempt + "]";
    }
}
