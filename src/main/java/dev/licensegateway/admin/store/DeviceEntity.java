package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code devices}; written in multi-row batches, read here one license at a time. */
@Entity
@Table(name = "devices")
public class DeviceEntity {

    @Id
    @Column(name = "device_id")
    public Long deviceId;

    @Column(name = "company_id", nullable = false, updatable = false)
    public String companyId;

    @Column(name = "license_id", nullable = false)
    public Long licenseId;

    @Column(name = "hardware_id", nullable = false)
    public String hardwareId;

    @Column(name = "active", nullable = false)
    public boolean active;

    /**
     * The jsonb as text: read as text so that no JSON format mapper is involved (Quarkus refuses to lend
     * its REST ObjectMapper to Hibernate); {@link JsonValues#parse} turns it into a value.
     */
    @ColumnTransformer(read = "variables::text")
    @Column(name = "variables", insertable = false, updatable = false)
    public String variables;

    @Column(name = "activated_at", insertable = false, updatable = false)
    public OffsetDateTime activatedAt;

    @Column(name = "deactivated_at")
    public OffsetDateTime deactivatedAt;
}
