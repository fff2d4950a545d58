package dev.licensegateway.deactivation;

import dev.licensegateway.verify.VerifiedRequest;

/** A verified file with its position in the batch. */
public record IndexedRequest(int index, VerifiedRequest request) {
}
