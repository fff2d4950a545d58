package dev.licensegateway.error;

/** Every failure the gateway answers, with its HTTP status and the snake_case code clients switch on. */
public enum ErrorCode {
    // Headers and authorization (SPEC §2)
    MISSING_HEADERS(400, "missing_headers", "Some headers are missing: Date and Authorization are required."),
    DATE_HEADER_DIFF(400, "date_header_diff", "The Date header must be an RFC 7231 GMT date within 15 minutes of server time."),
    AUTHORIZATION_INVALID_HEADERS(400, "authorization_invalid_headers", "The Authorization header is malformed."),
    HMAC_REQUIRED(400, "hmac_required", "The Authorization algorithm must be hmac-sha256."),
    INVALID_API_KEY(400, "invalid_api_key", "The API key is not valid for this company."),
    REVOKED_API_KEY(400, "revoked_api_key", "The API key has been revoked."),
    SIGNATURE_MISMATCH(400, "signature_mismatch", "The signature does not match."),
    OAUTH_TOKEN_EXPIRED(401, "oauth_token_expired", "The access token has expired."),
    OAUTH_TOKEN_MALFORMED(401, "oauth_token_malformed", "The access token is malformed."),
    INVALID_CLIENT(401, "invalid_client", "Unknown client or wrong client secret."),
    UNSUPPORTED_GRANT_TYPE(400, "unsupported_grant_type", "Only the client_credentials grant is supported."),
    // Body and payload (SPEC §2, §3)
    MISSING_PARAMETERS(400, "missing_parameters", "Some parameters are missing in the request."),
    AUTHORIZATION_MISSING_PARAMS(400, "authorization_missing_params", "Some parameters are missing in authorization."),
    INVALID_JSON(400, "invalid_json", "The request file does not decode to a JSON object."),
    VALIDATION_ERROR(400, "validation_error", "The request file is not valid."),
    SCHEMA_VERSION_NOT_ALLOWED(400, "schema_version_not_allowed", "This company requires request files of schema version 2."),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "The request body is larger than allowed."),
    REQUEST_TIMEOUT(408, "request_timeout", "The request body was not received completely in time."),
    // The deactivation (SPEC §4, §5)
    UNKNOWN_PRODUCT(400, "unknown_product", "No product with this code."),
    LICENSE_NOT_FOUND(400, "license_not_found", "License not found."),
    LICENSE_NOT_ENABLED(400, "license_not_enabled", "The license is disabled."),
    OFFLINE_NOT_SUPPORTED(400, "offline_not_supported", "Only trial, perpetual and consumption licenses can be deactivated offline."),
    DEVICE_NOT_FOUND(400, "device_not_found", "No active device with this hardware id on the license."),
    LICENSE_NOT_CONSUMPTION(400, "license_not_consumption", "Consumptions can only be recorded on consumption licenses."),
    NEGATIVE_CONSUMPTIONS_NOT_ALLOWED(400, "negative_consumptions_not_allowed", "This license does not allow negative consumptions."),
    LICENSE_NOT_ENOUGH_CONSUMPTIONS(400, "license_not_enough_consumptions", "The license does not have enough consumptions left."),
    UNSUPPORTED_PRODUCT_FEATURE(400, "unsupported_product_feature", "The license has no consumption feature with this code."),
    FEATURE_NOT_ENOUGH_CONSUMPTIONS(400, "feature_not_enough_consumptions", "The feature does not have enough consumptions left."),
    REQUEST_ID_CONFLICT(409, "request_id_conflict", "This request was already applied with a different payload."),
    // Everything else
    UNAUTHORIZED(401, "unauthorized", "A valid admin bearer token is required."),
    ADMIN_API_CLOSED(403, "admin_api_closed", "The admin API is closed: no admin token is configured."),
    NOT_FOUND(404, "not_found", "Not found."),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed."),
    ALREADY_EXISTS(409, "already_exists", "Something in the document already exists; nothing was written."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported content type."),
    RATE_LIMITED(429, "rate_limited", "Too many requests."),
    INTERNAL_ERROR(500, "internal_error", "Internal error."),
    SERVICE_UNAVAILABLE(503, "service_unavailable", "The service is temporarily unavailable; retry later.");

    private final int status;
    private final String code;
    private final String defaultMessage;

    ErrorCode(int status, String code, String defaultMessage) {
        this.status = status;
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** A stack-trace-free exception carrying this code and its default message. */
    public ApiException exception() {
        return new ApiException(this, defaultMessage);
    }

    /** A stack-trace-free exception carrying this code and a specific message (never a secret). */
    public ApiException exception(String message) {
        return new ApiException(this, message);
    }
}
