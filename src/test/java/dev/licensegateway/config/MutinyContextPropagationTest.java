package dev.licensegateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.mutiny.context-propagation} at its default (false), Mutiny no longer wraps the callbacks of
 * the request path in context capture and restore: the callback a pipeline is given is the one it runs. (That
 * the admin API, the portal and the License API still find their request context and database session without it
 * is what the rest of the suite shows.)
 */
@QuarkusTest
class MutinyContextPropagationTest {

    @Test
    void callbacksAreNotWrappedInContextPropagation() {
        Function<Integer, Integer> callback = x -> x + 1;
        assertThat(Infrastructure.decorate(callback)).isSameAs(callback);
    }
}
