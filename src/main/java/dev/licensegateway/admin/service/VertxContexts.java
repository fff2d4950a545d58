package dev.licensegateway.admin.service;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * Hibernate Reactive sessions live on a Vert.x duplicated context and its event loop. An import is
 * planned on a worker thread and may be started from plain Java code (the run mode loading the demo
 * dataset at start), so it hops back with the executor this class hands out.
 */
@ApplicationScoped
public class VertxContexts {

    private final Vertx vertx;

    public VertxContexts(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs tasks on the caller's duplicated context, or on a fresh one when the caller has none. */
    public Executor current() {
        Context caller = Vertx.currentContext();
        Context target;
        if (caller != null && VertxContext.isDuplicatedContext(caller)) {
            target = caller;
        } else {
            target = VertxContext.createNewDuplicatedContext(caller != null ? caller : vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(target, true);
        }
        return task -> target.runOnContext(ignored -> task.run());
    }
}
