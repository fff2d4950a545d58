package dev.licensegateway.error;

/**
 * An expected failure with its documented code. Built without a stack trace: these are on the hot path
 * of an attacker's flood (bad signatures, unknown keys) and must be cheap.
 */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;

    ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorBody body() {
        return new ErrorBody(code.status(), code.code(), getMessage());
    }
}
