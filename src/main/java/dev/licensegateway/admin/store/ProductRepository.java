package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Products, by their identity id or their code in the company. */
@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<ProductEntity, Long> {

    public Uni<ProductEntity> findByCode(String companyId, String code) {
        return find("companyId = ?1 and code = ?2", companyId, code).firstResult();
    }
}
