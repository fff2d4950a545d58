package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.Feature;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.LicenseFeature;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an import document before anything is written, walking it in document order so that the first
 * problem is the one reported. Shape and value problems are {@code validation_error}s; a value that must
 * be unique and appears twice in the document is {@code already_exists}, like one that is in the database.
 * Every message starts with the field path.
 */
public final class ImportValidator {

    static final Pattern COMPANY_CODE = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
    static final Set<String> LICENSE_TYPES = Set.of("perpetual", "time-limited", "consumption", "subscription");
    static final String KEY_BASED = "license-key";
    static final String USER_BASED = "user";

    /** Values unique across the whole gateway (API keys find their company; client ids find theirs). */
    private final Map<String, String> companyCodes = new HashMap<>();
    private final Map<String, String> apiKeys = new HashMap<>();
    private final Map<String, String> clientIds = new HashMap<>();
    /**
     * In upsert mode what depends on the database (a product's authorization method, a license's type, the
     * features a product has, how many devices end up active) is checked by the writer against it.
     */
    private final boolean upsert;

    private ImportValidator(boolean upsert) {
        this.upsert = upsert;
    }

    /** Returns the document when it can be written; throws the first problem otherwise. */
    public static ImportDocument validate(ImportDocument document) {
        if (document == null) {
            throw invalid("companies", "is required");
        }
        if (document.mode() != null && !ImportDocument.CREATE.equals(document.mode()) && !document.upsert()) {
            throw invalid("mode", "must be create or upsert");
        }
        new ImportValidator(document.upsert()).companies(document.companies());
        return document;
    }

    private void companies(List<Company> companies) {
        if (companies == null || companies.isEmpty()) {
            throw invalid("companies", "must list at least one company");
        }
        for (int i = 0; i < companies.size(); i++) {
            company(companies.get(i), "companies[" + i + "]");
        }
    }

    private void company(Company company, String path) {
        required(company, path);
        String code = company.code();
        if (code == null || !COMPANY_CODE.matcher(code).matches()) {
            throw invalid(path + ".code", "must match " + COMPANY_CODE.pattern());
        }
        unique(companyCodes, code, path + ".code");
        optionalText(company.name(), path + ".name");
        each(company.sharedKeys(), path + ".shared_keys", (key, at) -> {
            required(key, at);
            text(key.key(), at + ".key");
            if (key.notAfter() != null) {
                try {
                    OffsetDateTime.parse(key.notAfter());
                } catch (DateTimeParseException e) {
                    throw invalid(at + ".not_after", "must be an ISO-8601 date-time such as 2030-01-01T00:00:00Z");
                }
            }
        });
        each(company.apiKeys(), path + ".api_keys", (key, at) -> {
            required(key, at);
            if (key.key() != null) {
                text(key.key(), at + ".key");
                unique(apiKeys, key.key(), at + ".key");
            }
        });
        each(company.oauthClients(), path + ".oauth_clients", (client, at) -> {
            required(client, at);
            text(client.clientId(), at + ".client_id");
            unique(clientIds, client.clientId(), at + ".client_id");
            optionalText(client.clientSecret(), at + ".client_secret");
        });
        Map<String, String> productCodes = new HashMap<>();
        Map<String, String> licenseKeys = new HashMap<>();
        each(company.products(), path + ".products", (product, at) -> {
            required(product, at);
            text(product.code(), at + ".code");
            unique(productCodes, product.code(), at + ".code");
            product(product, at, licenseKeys);
        });
    }

    private void product(Product product, String path, Map<String, String> licenseKeys) {
        optionalText(product.name(), path + ".name");
        String method = upsert ? product.authorizationMethod() : authorizationMethod(product);
        if (method != null && !KEY_BASED.equals(method) && !USER_BASED.equals(method)) {
            throw invalid(path + ".authorization_method", "must be license-key or user");
        }
        Map<String, String> featureTypes = new HashMap<>();
        Map<String, String> featurePaths = new HashMap<>();
        each(product.features(), path + ".features", (feature, at) -> {
            required(feature, at);
            text(feature.code(), at + ".code");
            unique(featurePaths, feature.code(), at + ".code");
            if (!"consumption".equals(feature.type()) && !"activation".equals(feature.type())) {
                throw invalid(at + ".type", "must be consumption or activation");
            }
            featureTypes.put(feature.code(), feature.type());
        });
        Map<String, String> usernames = new HashMap<>();
        each(product.licenses(), path + ".licenses", (license, at) -> {
            required(license, at);
            license(license, at, method, featureTypes, licenseKeys, usernames);
        });
    }

    private void license(License license, String path, String method, Map<String, String> featureTypes,
                         Map<String, String> licenseKeys, Map<String, String> usernames) {
        if (license.licenseId() != null && !upsert) {
            throw invalid(path + ".license_id", "names an existing license; only in upsert mode");
        }
        if (upsert) {
            optionalText(license.licenseKey(), path + ".license_key");
            if (license.licenseId() == null && license.licenseKey() == null
                    && (license.users() == null || license.users().isEmpty())) {
                throw invalid(path, "needs license_id, license_key or users to find or create the license");
            }
        } else if (KEY_BASED.equals(method)) {
            text(license.licenseKey(), path + ".license_key");
            if (license.users() != null && !license.users().isEmpty()) {
                throw invalid(path + ".users", "only licenses of user-based products have users");
            }
        } else {
            optionalText(license.licenseKey(), path + ".license_key");
            if (license.users() == null || license.users().isEmpty()) {
                throw invalid(path + ".users", "a license of a user-based product needs at least one user");
            }
        }
        if (license.licenseKey() != null) {
            unique(licenseKeys, license.licenseKey(), path + ".license_key");
        }
        each(license.users(), path + ".users", (user, at) -> {
            required(user, at);
            text(user.username(), at + ".username");
            unique(usernames, user.username(), at + ".username");
            optionalText(user.password(), at + ".password");
        });
        if ((license.type() != null || !upsert) && !LICENSE_TYPES.contains(String.valueOf(license.type()))) {
            throw invalid(path + ".type", "must be one of perpetual, time-limited, consumption, subscription");
        }
        if (license.maxActivations() != null && license.maxActivations() < 0) {
            throw invalid(path + ".max_activations", "must not be negative");
        }
        if (license.consumption() != null) {
            if (license.type() != null && !"consumption".equals(license.type())) {
                throw invalid(path + ".consumption", "only consumption licenses have consumption settings");
            }
            notNegative(license.consumption().max(), path + ".consumption.max");
            notNegative(license.consumption().maxOverages(), path + ".consumption.max_overages");
        }
        Map<String, String> licenseFeatures = new HashMap<>();
        each(license.features(), path + ".features", (feature, at) -> licenseFeature(feature, at, featureTypes, licenseFeatures));
        devices(license, path);
    }

    private void licenseFeature(LicenseFeature feature, String path, Map<String, String> featureTypes,
                                Map<String, String> seen) {
        required(feature, path);
        text(feature.code(), path + ".code");
        if (!upsert && !"consumption".equals(featureTypes.get(feature.code()))) {
            throw invalid(path + ".code", "the product has no consumption feature with this code");
        }
        unique(seen, feature.code(), path + ".code");
        notNegative(feature.maxConsumption(), path + ".max_consumption");
        notNegative(feature.maxOverages(), path + ".max_overages");
    }

    private void devices(License license, String path) {
        Map<String, String> activeHardware = new HashMap<>();
        int[] active = {0};
        each(license.devices(), path + ".devices", (device, at) -> {
            required(device, at);
            text(device.hardwareId(), at + ".hardware_id");
            if (upsert || isActive(device)) {
                // The schema allows one active device per hardware id and license; history rows may repeat.
                // In upsert mode each entry is a change to one device, so a device is listed once.
                unique(activeHardware, device.hardwareId(), at + ".hardware_id");
                active[0]++;
            }
        });
        int max = maxActivations(license);
        if (!upsert && active[0] > max) {
            throw invalid(path + ".devices", active[0] + " active devices exceed max_activations (" + max + ")");
        }
    }

    static boolean isActive(Device device) {
        return device.active() == null || device.active();
    }

    static int maxActivations(License license) {
        return license.maxActivations() == null ? 1 : license.maxActivations();
    }

    static String authorizationMethod(Product product) {
        return product.authorizationMethod() == null ? KEY_BASED : product.authorizationMethod();
    }

    private interface ItemCheck<T> {
        void check(T item, String path);
    }

    private static <T> void each(List<T> items, String path, ItemCheck<T> check) {
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                check.check(items.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void unique(Map<String, String> seen, String value, String path) {
        String first = seen.putIfAbsent(value, path);
        if (first != null) {
            throw ErrorCode.ALREADY_EXISTS.exception(path + ": duplicate of " + first + "; nothing was written");
        }
    }

    private static void required(Object item, String path) {
        if (item == null) {
            throw invalid(path, "must be an object, not null");
        }
    }

    private static void text(String value, String path) {
        if (value == null || value.isBlank()) {
            throw invalid(path, "is required");
        }
    }

    private static void optionalText(String value, String path) {
        if (value != null && value.isBlank()) {
            throw invalid(path, "must not be empty when given");
        }
    }

    private static void notNegative(Long value, String path) {
        if (value != null && value < 0) {
            throw invalid(path, "must not be negative");
        }
    }

    private static ApiException invalid(String path, String problem) {
        return ErrorCode.VALIDATION_ERROR.exception(path + ": " + problem);
    }
}
