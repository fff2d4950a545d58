package dev.licensegateway.admin.service;

import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the gateway makes up when a document leaves them out: 32 random bytes, URL-safe base64. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private Secrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
