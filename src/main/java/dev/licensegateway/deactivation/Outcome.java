package dev.licensegateway.deactivation;

/** How a verified request ended: applied now, or recognised as one already applied. Both answer 200. */
public enum Outcome {
    DEACTIVATED,
    REPLAYED
}
