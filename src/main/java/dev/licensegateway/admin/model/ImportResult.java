package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What an import created: counts per company and in total, and the secrets the gateway generated
 * because the document left them out. Those secrets are shown here once and never again.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportResult(List<CompanyResult> companies, Counts created, long elapsedMs) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompanyResult(String code, Counts created, GeneratedSecrets generatedSecrets) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counts(int companies, int sharedKeys, int apiKeys, int oauthClients, int products, int features,
                         int licenses, int licenseUsers, int devices, int activeDevices) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(companies + o.companies, sharedKeys + o.sharedKeys, apiKeys + o.apiKeys,
                    oauthClients + o.oauthClients, products + o.products, features + o.features,
                    licenses + o.licenses, licenseUsers + o.licenseUsers, devices + o.devices,
                    activeDevices + o.activeDevices);
        }
    }

    /** Secrets generated for one company, in the order of the company's lists. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record GeneratedSecrets(List<String> sharedKeys, List<String> apiKeys, List<ClientSecret> oauthClients) {

        @Override
        public String toString() {
            return "GeneratedSecrets[" + sharedKeys.size() + " shared keys, " + apiKeys.size() + " api keys, "
                    + oauthClients.size() + " client secrets]";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ClientSecret(String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "ClientSecret[clientId=" + clientId + ", clientSecret=***]";
        }
    }
}
