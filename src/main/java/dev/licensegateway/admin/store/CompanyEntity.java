package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A row of {@code companies}; the id is the company's short code. */
@Entity
@Table(name = "companies")
public class CompanyEntity {

    @Id
    @Column(name = "company_id")
    public String companyId;

    @Column(name = "name", nullable = false)
    public String name;

    @Column(name = "require_schema_v2", nullable = false)
    public boolean requireSchemaV2;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
