package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Companies, by their short code. */
@ApplicationScoped
public class CompanyRepository implements PanacheRepositoryBase<CompanyEntity, String> {
}
