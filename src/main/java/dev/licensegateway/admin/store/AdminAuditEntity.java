package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/** A row of {@code admin_audit}: one change of the provisioning model. Written, never updated. */
@Entity
@Table(name = "admin_audit")
public class AdminAuditEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "audit_id")
    public Long auditId;

    @Column(name = "company_id", nullable = false, updatable = false)
    public String companyId;

    @Column(name = "actor", nullable = false)
    public String actor;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "action", nullable = false)
    public String action;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    /** JSON text; cast on write so that no JSON format mapper is involved (see {@link DeviceEntity#variables}). */
    @ColumnTransformer(read = "before::text", write = "(?::text)::jsonb")
    @Column(name = "before")
    public String before;

    @ColumnTransformer(read = "after::text", write = "(?::text)::jsonb")
    @Column(name = "after")
    public String after;
}
