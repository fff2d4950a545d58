package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of {@code licenses}. Imports write licenses in multi-row batches with ids taken from the
 * identity sequence beforehand (see {@link SessionSql#nextIds}), so the id is assigned, not generated.
 * Updates write only the columns that changed: the counters belong to deactivations and device changes.
 */
@Entity
@DynamicUpdate
@Table(name = "licenses")
public class LicenseEntity {

    @Id
    @Column(name = "license_id")
    public Long licenseId;

    @Column(name = "company_id", nullable = false, updatable = false)
    public String companyId;

    @Column(name = "product_id", nullable = false)
    public Long productId;

    @Column(name = "license_key")
    public String licenseKey;

    @Column(name = "license_type", nullable = false)
    public String licenseType;

    @Column(name = "trial", nullable = false)
    public boolean trial;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Column(name = "max_activations", nullable = false)
    public int maxActivations;

    @Column(name = "times_activated", nullable = false)
    public int timesActivated;

    @Column(name = "max_consumptions", nullable = false)
    public long maxConsumptions;

    @Column(name = "total_consumptions", nullable = false)
    public long totalConsumptions;

    @Column(name = "allow_overages", nullable = false)
    public boolean allowOverages;

    @Column(name = "max_overages", nullable = false)
    public long maxOverages;

    @Column(name = "allow_unlimited_consumptions", nullable = false)
    public boolean allowUnlimitedConsumptions;

    @Column(name = "allow_negative_consumptions", nullable = false)
    public boolean allowNegativeConsumptions;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", insertable = false)
    public OffsetDateTime updatedAt;
}
