package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The admin audit trail. */
@ApplicationScoped
public class AdminAuditRepository implements PanacheRepositoryBase<AdminAuditEntity, Long> {
}
