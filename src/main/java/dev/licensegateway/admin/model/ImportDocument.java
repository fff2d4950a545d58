package dev.licensegateway.admin.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The provisioning document of SPEC §8, exactly as posted to {@code POST /admin/v1/import}. Optional
 * values are boxed so that "left out" can be told from "false"/"0"; defaults are applied by the writer.
 * Records holding secrets print them redacted.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportDocument(String mode, List<Company> companies) {

    /** {@code create} (the default): everything must be new. {@code upsert}: create what is missing, change the rest. */
    public static final String CREATE = "create";
    public static final String UPSERT = "upsert";

    public boolean upsert() {
        return UPSERT.equals(mode);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Company(String code, String name, List<SharedKey> sharedKeys, List<ApiKey> apiKeys,
                          List<OAuthClient> oauthClients, Boolean requireSchemaV2, List<Product> products) {
    }

    /** A shared key, written either as a plain string or as {@code {"key": "…", "not_after": "ISO-8601"}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SharedKey(String key, String notAfter) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public SharedKey {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static SharedKey of(String key) {
            return new SharedKey(key, null);
        }

        @Override
        public String toString() {
            return "SharedKey[key=***, notAfter=" + notAfter + "]";
        }
    }

    /** An API key; it travels in clear in every request header, so it is an identifier, not a secret. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiKey(String key, Boolean revoked) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OAuthClient(String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "OAuthClient[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Product(String code, String name, String authorizationMethod, List<Feature> features,
                          List<License> licenses) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Feature(String code, String type) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record License(Long licenseId, String licenseKey, List<User> users, String type, Boolean trial, Boolean enabled,
                          Integer maxActivations, Consumption consumption, List<LicenseFeature> features,
                          List<Device> devices) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record User(String username, String password) {

        @Override
        public String toString() {
            return "User[username=" + username + ", password=***]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Consumption(Long max, Long total, Boolean allowOverages, Long maxOverages, Boolean unlimited,
                              Boolean allowNegative) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LicenseFeature(String code, Long maxConsumption, Long total, Boolean allowOverages,
                                 Long maxOverages, Boolean unlimited, Boolean allowNegative) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Device(String hardwareId, Boolean active, Map<String, Object> variables) {
    }
}
