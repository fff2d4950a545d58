package dev.licensegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * On Linux x86_64 or aarch64, the platforms whose natives the gateway ships, Vert.x runs on Netty's epoll transport,
 * which {@code quarkus.vertx.prefer-native-transport} asks for: the native library loads, so the HTTP server and the
 * PostgreSQL client are not silently back on NIO's selector.
 */
@QuarkusTest
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64|aarch64")
    void vertxRunsOnEpoll() {
        assertThat(vertx.isNativeTransportEnabled()).isTrue();
    }
}
