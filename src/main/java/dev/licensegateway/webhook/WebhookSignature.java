package dev.licensegateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code v1=<hex HMAC-SHA256(secret, id + "." + timestamp + "." + body)>}.
 * Binding the event id and the timestamp lets a receiver refuse a replayed or re-labelled delivery: it checks
 * the signature in constant time, refuses timestamps far from its clock, and drops event ids it has seen.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";
    public static final String SIGNATURE_HEADER = "Webhook-Signature";
    public static final String SCHEME = "v1=";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, String eventId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((eventId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
