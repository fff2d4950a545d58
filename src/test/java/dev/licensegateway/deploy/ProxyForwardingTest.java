package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Behind the ingress, the gateway pods take the client's address and scheme from the forwarded headers of
 * cluster-internal peers only, and answer oauth_url with a configured public URL, never a request's Host.
 */
class ProxyForwardingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void apiPodsTrustOnlyInternalProxiesAndNameTheirPublicUrl(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        var env = GatewayWorkloads.environment(
                GatewayWorkloads.onlyContainer(GatewayWorkloads.deployment(objects).getSpec().getTemplate()), objects);

        assertThat(env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").literal()).isEqualTo("true");
        assertThat(env.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED").literal()).isEqualTo("true");
        assertThat(env.get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").literal().split(","))
                .as("an empty list would trust every peer").isNotEmpty()
                .allSatisfy(range -> assertThat(range).matches("(10|172\\.16|192\\.168)\\.[0-9./]+"));
        assertThat(env.get("GATEWAY_OAUTH_PUBLIC_URL").literal()).matches("https?://[a-z0-9.-]+");
        assertThat(env).doesNotContainKey("QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST");
    }
}
