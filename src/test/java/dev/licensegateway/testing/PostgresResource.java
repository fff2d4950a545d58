package dev.licensegateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Gives every {@code @QuarkusTest} the one real PostgreSQL of {@link TestDatabase}. */
public final class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestDatabase.get().quarkusConfig();
    }

    @Override
    public void stop() {
        // The database lives as long as the test JVM: tests isolate themselves by company, not by restart.
    }
}
