package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The outbox rows of a company, for the admin API: listed in keyset pages and re-driven. */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDeliveryEntity, Long> {

    public Uni<WebhookDeliveryEntity> findInCompany(String companyId, long deliveryId) {
        return find("companyId = ?1 and deliveryId = ?2", companyId, deliveryId).firstResult();
    }

    /** Deliveries after the cursor, oldest first; {@code state} null for every state. */
    public Uni<List<WebhookDeliveryEntity>> page(String companyId, String state, long after, int limit) {
        return (state == null
                ? find("companyId = ?1 and deliveryId > ?2", Sort.ascending("deliveryId"), companyId, after)
                : find("companyId = ?1 and state = ?2 and deliveryId > ?3", Sort.ascending("deliveryId"), companyId,
                        state, after))
                .range(0, limit - 1).list();
    }

    /** Makes every failed delivery of the company due again with a fresh count of attempts. */
    public Uni<Integer> retryFailed(String companyId) {
        return update("state = 'pending', attempts = 0, nextAttemptAt = current_timestamp, leaseOwner = null "
                + "where companyId = ?1 and state = 'failed'", companyId);
    }
}
