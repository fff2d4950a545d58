package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Webhook endpoints of a company. */
@ApplicationScoped
public class WebhookEndpointRepository implements PanacheRepositoryBase<WebhookEndpointEntity, Long> {

    public Uni<WebhookEndpointEntity> findInCompany(String companyId, long endpointId) {
        return find("companyId = ?1 and endpointId = ?2", companyId, endpointId).firstResult();
    }

    public Uni<List<WebhookEndpointEntity>> ofCompany(String companyId) {
        return find("companyId = ?1", Sort.ascending("endpointId"), companyId).list();
    }
}
