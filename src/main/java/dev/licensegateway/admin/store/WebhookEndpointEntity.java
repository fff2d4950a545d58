package dev.licensegateway.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A row of {@code webhook_endpoints}; the secret is AES-GCM encrypted under the company id. */
@Entity
@Table(name = "webhook_endpoints")
public class WebhookEndpointEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "endpoint_id")
    public Long endpointId;

    @Column(name = "company_id", nullable = false, updatable = false)
    public String companyId;

    @Column(name = "url", nullable = false)
    public String url;

    @Column(name = "secret_encrypted", nullable = false)
    public byte[] secretEncrypted;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
