package dev.licensegateway.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real PostgreSQL once for every {@code @QuarkusTest} in the suite. */
@QuarkusTestResource(PostgresResource.class)
public final class TestResources {

    private TestResources() {
    }
}
