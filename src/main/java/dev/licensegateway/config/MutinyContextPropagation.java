package dev.licensegateway.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Removes SmallRye Context Propagation's Mutiny interceptor at start-up unless
 * {@code gateway.mutiny.context-propagation=true}. It is the only Mutiny interceptor on the class path
 * ({@code mutiny-smallrye-context-propagation}), and it captures and restores every thread context around every
 * {@code Uni} the request path creates: about a tenth of the gateway's CPU samples in the profile of
 * 2026-12-01. Nothing here needs it: ArC's request context and Hibernate Reactive's session are kept in the
 * Vert.x context, Vert.x runs blocking work on that same context, and the admin code's hops to the worker pool
 * come back with {@code emitOn} the caller's event loop ({@code VertxContexts}).
 */
@ApplicationScoped
class MutinyContextPropagation {

    private static final Logger LOG = Logger.getLogger(MutinyContextPropagation.class);

    void onStart(@Observes StartupEvent event, GatewayConfig config) {
        if (!config.mutiny().contextPropagation()) {
            Infrastructure.clearInterceptors();
            LOG.debug("Mutiny context propagation off (gateway.mutiny.context-propagation=false)");
        }
    }
}
