package dev.licensegateway.admin.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.licensegateway.admin.model.ImportResult.GeneratedSecrets;
import java.util.List;
import java.util.Map;

/**
 * What an upsert changed: per company the number of changes by action ({@code create}, {@code update},
 * {@code activate}, {@code release}; one admin audit row each), empty when everything was already as the
 * document says; and the secrets generated for new credentials, shown once.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpsertResult(String mode, List<CompanyChanges> companies, Map<String, Integer> changes, long elapsedMs) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CompanyChanges(String code, boolean created, Map<String, Integer> changes,
                                 GeneratedSecrets generatedSecrets) {
    }
}
