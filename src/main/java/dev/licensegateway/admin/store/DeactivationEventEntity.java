package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** A row of the audit trail {@code deactivation_events}; the deactivation path writes it, the admin side only reads. */
@Entity
@Immutable
@Table(name = "deactivation_events")
public class DeactivationEventEntity {

    @Id
    @Column(name = "event_id")
    public Long eventId;

    @Column(name = "company_id")
    public String companyId;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "license_id")
    public long licenseId;

    @Column(name = "device_id")
    public long deviceId;

    @Column(name = "hardware_id")
    public String hardwareId;

    @Column(name = "principal")
    public String principal;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "schema_version")
    public int schemaVersion;

    @Column(name = "consumptions")
    public long consumptions;

    /** jsonb read as text, see {@link DeviceEntity#variables}. */
    @ColumnTransformer(read = "feature_deltas::text")
    @Column(name = "feature_deltas")
    public String featureDeltas;

    @ColumnTransformer(read = "client_info::text")
    @Column(name = "client_info")
    public String clientInfo;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
