package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.WebhookModels.Deliveries;
import dev.licensegateway.admin.model.WebhookModels.Delivery;
import dev.licensegateway.admin.model.WebhookModels.Endpoint;
import dev.licensegateway.admin.model.WebhookModels.EndpointSpec;
import dev.licensegateway.admin.model.WebhookModels.Redriven;
import dev.licensegateway.admin.store.CompanyEntity;
import dev.licensegateway.admin.store.CompanyRepository;
import dev.licensegateway.admin.store.WebhookDeliveryEntity;
import dev.licensegateway.admin.store.WebhookDeliveryRepository;
import dev.licensegateway.admin.store.WebhookEndpointEntity;
import dev.licensegateway.admin.store.WebhookEndpointRepository;
import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A company's webhook endpoints (add, list, change, remove; the signing secret stored encrypted, a generated
 * one returned once) and the delivery state of its events (listed in keyset pages, re-driven one by one or
 * all failed at once). Every endpoint change is audited without its secret.
 */
@ApplicationScoped
public class WebhookAdmin {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");
    private static final int MAX_URL = 2048;

    private final CompanyRepository companies;
    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final AdminAudit audit;

    public WebhookAdmin(CompanyRepository companies, WebhookEndpointRepository endpoints,
                        WebhookDeliveryRepository deliveries, SecretCipher cipher, AdminAudit audit) {
        this.companies = companies;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Endpoint> add(AdminActor actor, String companyId, EndpointSpec spec) {
        String url = url(spec.url());
        String secret = secret(spec.secret());
        String generated = spec.secret() == null ? secret : null;
        return company(companyId).flatMap(company -> {
            WebhookEndpointEntity entity = new WebhookEndpointEntity();
            entity.companyId = companyId;
            entity.url = url;
            entity.secretEncrypted = cipher.encrypt(companyId, secret);
            entity.enabled = spec.enabled() == null || spec.enabled();
            entity.createdAt = OffsetDateTime.now();
            entity.updatedAt = entity.createdAt;
            return endpoints.persistAndFlush(entity)
                    .flatMap(saved -> audit.record(actor, companyId, "create", "webhook_endpoint",
                                    String.valueOf(saved.endpointId), null, values(saved, false))
                            .map(none -> view(saved, generated)));
        });
    }

    @WithSession
    public Uni<List<Endpoint>> list(String companyId) {
        return company(companyId).flatMap(company -> endpoints.ofCompany(companyId))
                .map(all -> all.stream().map(e -> view(e, null)).toList());
    }

    @WithTransaction
    public Uni<Endpoint> change(AdminActor actor, String companyId, long endpointId, EndpointSpec spec) {
        String url = spec.url() == null ? null : url(spec.url());
        if (spec.secret() != null) {
            secret(spec.secret());
        }
        return endpoint(companyId, endpointId).flatMap(entity -> {
            Map<String, Object> before = values(entity, false);
            boolean secretChanged = spec.secret() != null
                    && !new String(cipher.decrypt(companyId, entity.secretEncrypted),
                    StandardCharsets.UTF_8).equals(spec.secret());
            if (url != null) {
                entity.url = url;
            }
            if (spec.enabled() != null) {
                entity.enabled = spec.enabled();
            }
            if (secretChanged) {
                entity.secretEncrypted = cipher.encrypt(companyId, spec.secret());
            }
            Map<String, Object> after = values(entity, secretChanged);
            if (after.equals(before)) {
                return Uni.createFrom().item(view(entity, null));
            }
            entity.updatedAt = OffsetDateTime.now();
            return audit.record(actor, companyId, "update", "webhook_endpoint", String.valueOf(endpointId),
                    before, after).map(none -> view(entity, null));
        });
    }

    @WithTransaction
    public Uni<Void> remove(AdminActor actor, String companyId, long endpointId) {
        return endpoint(companyId, endpointId).flatMap(entity -> endpoints.delete(entity)
                .flatMap(none -> audit.record(actor, companyId, "delete", "webhook_endpoint",
                        String.valueOf(endpointId), values(entity, false), null)));
    }

    @WithSession
    public Uni<Deliveries> deliveries(String companyId, String state, String after, int limit) {
        if (state != null && !STATES.contains(state)) {
            return Uni.createFrom().failure(ErrorCode.VALIDATION_ERROR.exception(
                    "state: must be pending, delivered or failed"));
        }
        long cursor = Cursors.parse(after);
        return company(companyId).flatMap(company -> deliveries.page(companyId, state, cursor, limit))
                .map(page -> new Deliveries(companyId, page.stream().map(WebhookAdmin::view).toList(),
                        page.size() < limit ? null : String.valueOf(page.get(page.size() - 1).deliveryId)));
    }

    /** Makes one delivery due now; a failed or delivered one starts over with a fresh count of attempts. */
    @WithTransaction
    public Uni<Delivery> redrive(String companyId, long deliveryId) {
        return company(companyId).flatMap(company -> deliveries.findInCompany(companyId, deliveryId))
                .onItem().ifNull().failWith(() -> ErrorCode.NOT_FOUND.exception("No such delivery in this company."))
                .map(delivery -> {
                    OffsetDateTime now = OffsetDateTime.now();
                    if (!"pending".equals(delivery.state)) {
                        delivery.state = "pending";
                        delivery.attempts = 0;
                        delivery.leaseOwner = null;
                        delivery.nextAttemptAt = now;
                    } else if (delivery.leaseOwner == null) {
                        delivery.nextAttemptAt = now;
                    }
                    // A pending delivery held by a dispatcher is left to it: its outcome arrives within the lease.
                    return view(delivery);
                });
    }

    @WithTransaction
    public Uni<Redriven> redriveFailed(String companyId) {
        return company(companyId).flatMap(company -> deliveries.retryFailed(companyId))
                .map(count -> new Redriven(companyId, count));
    }

    private Uni<CompanyEntity> company(String companyId) {
        return companies.findById(companyId).onItem().ifNull()
                .failWith(() -> ErrorCode.NOT_FOUND.exception("No such company."));
    }

    private Uni<WebhookEndpointEntity> endpoint(String companyId, long endpointId) {
        return company(companyId).flatMap(company -> endpoints.findInCompany(companyId, endpointId))
                .onItem().ifNull().failWith(() -> ErrorCode.NOT_FOUND.exception("No such webhook endpoint."));
    }

    static String url(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("url", "is required");
        }
        if (url.length() > MAX_URL) {
            throw invalid("url", "must be at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw invalid("url", "must be an absolute http or https URL without credentials or fragment");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw invalid("url", "must be an absolute http or https URL without credentials or fragment");
        }
    }

    private static String secret(String given) {
        if (given == null) {
            return Secrets.generate();
        }
        if (given.length() < 16 || given.length() > 256) {
            throw invalid("secret", "must be 16 to 256 characters");
        }
        return given;
    }

    private static ApiException invalid(String field, String problem) {
        return ErrorCode.VALIDATION_ERROR.exception(field + ": " + problem);
    }

    /** What the audit shows of an endpoint: never the secret, only whether it changed. */
    private static Map<String, Object> values(WebhookEndpointEntity entity, boolean secretChanged) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", entity.url);
        values.put("enabled", entity.enabled);
        if (secretChanged) {
            values.put("secret", "changed");
        }
        return values;
    }

    private static Endpoint view(WebhookEndpointEntity e, String generatedSecret) {
        return new Endpoint(e.endpointId, e.url, e.enabled, e.createdAt, e.updatedAt, generatedSecret);
    }

    private static Delivery view(WebhookDeliveryEntity d) {
        return new Delivery(d.deliveryId, "evt_" + d.eventId, d.endpointId, d.state, d.attempts, d.nextAttemptAt,
                d.leaseOwner, d.lastStatus, d.lastError, d.deliveredAt, d.createdAt);
    }
}
