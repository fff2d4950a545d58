package dev.licensegateway.config;

/**
 * Where a request's verification runs ({@code gateway.verification.placement}): on a bounded worker pool (the
 * default, as the design card specifies: HMAC off the event loop) or inline on the event loop (documented option).
 */
public enum VerificationPlacement { EVENT_LOOP, WORKER }
