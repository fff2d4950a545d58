package dev.licensegateway.config;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Says at start-up which network transport Vert.x runs on. {@code quarkus.vertx.prefer-native-transport} only asks
 * for epoll: where its native library does not load (another CPU, a musl libc) Vert.x falls back to NIO without a
 * word, and the gateway spends more CPU per request than the figures in load-tests/README.md. One line tells the
 * operator which, and why not epoll.
 */
@ApplicationScoped
class NetworkTransport {

    private static final Logger LOG = Logger.getLogger(NetworkTransport.class);

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: native (epoll)");
            return;
        }
        Throwable cause = vertx.unavailableNativeTransportCause();
        LOG.warnf("Network transport: Java NIO, not epoll (%s)",
                cause == null ? "quarkus.vertx.prefer-native-transport=false" : cause.toString());
    }
}
