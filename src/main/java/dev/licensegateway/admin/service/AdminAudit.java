package dev.licensegateway.admin.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.store.AdminAuditEntity;
import dev.licensegateway.admin.store.AdminAuditRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Records one change of the provisioning model in {@code admin_audit}, in the caller's transaction (so a
 * rolled-back change leaves no audit row). Callers pass values without secrets: keys and client secrets by
 * id, passwords as {@code "changed"}.
 */
@ApplicationScoped
public class AdminAudit {

    private final AdminAuditRepository audit;
    private final ObjectMapper json;

    public AdminAudit(AdminAuditRepository audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    public Uni<Void> record(AdminActor actor, String companyId, String action, String objectType, String objectKey,
                            Map<String, ?> before, Map<String, ?> after) {
        AdminAuditEntity row = new AdminAuditEntity();
        row.companyId = companyId;
        row.actor = actor.name();
        row.sourceIp = actor.sourceIp();
        row.action = action;
        row.objectType = objectType;
        row.objectKey = objectKey;
        row.before = text(before);
        row.after = text(after);
        return audit.persist(row).replaceWithVoid();
    }

    private String text(Map<String, ?> values) {
        if (values == null) {
            return null;
        }
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit values are not JSON", e);
        }
    }
}
