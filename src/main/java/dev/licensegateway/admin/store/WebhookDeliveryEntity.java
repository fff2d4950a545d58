package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A row of {@code webhook_outbox} as an operator sees it; the dispatchers write these rows, the admin API re-drives them. */
@Entity
@Table(name = "webhook_outbox")
public class WebhookDeliveryEntity {

    @Id
    @Column(name = "delivery_id")
    public Long deliveryId;

    @Column(name = "company_id", nullable = false, updatable = false)
    public String companyId;

    @Column(name = "event_id", nullable = false, updatable = false)
    public long eventId;

    @Column(name = "endpoint_id", nullable = false, updatable = false)
    public long endpointId;

    @Column(name = "state", nullable = false)
    public String state;

    @Column(name = "attempts", nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
