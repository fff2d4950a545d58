package dev.licensegateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Probes, ports and the scrape annotation use the port and health paths the application is configured with. */
class ProbeConfigurationTest {

    private static final ApplicationSettings APP = ApplicationSettings.load();

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void probesCallTheApplicationsHealthEndpointsOnItsHttpPort(String overlay) {
        Container gateway = gatewayContainer(Kustomize.render(overlay));

        assertHttpProbe(gateway, gateway.getStartupProbe(), APP.startupPath());
        assertHttpProbe(gateway, gateway.getLivenessProbe(), APP.livenessPath());
        assertHttpProbe(gateway, gateway.getReadinessProbe(), APP.readinessPath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void readinessProbeWaitsLongerThanTheDatabaseChecksDeadline(String overlay) {
        Probe readiness = gatewayContainer(Kustomize.render(overlay)).getReadinessProbe();

        // SchemaReadinessCheck answers DOWN after 2 s (until the schema is current); a shorter probe timeout would read a slow DOWN as a failure
        // of the probe itself, and a DOWN body would never be seen.
        assertThat(readiness.getTimeoutSeconds()).isGreaterThan(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void serviceReachesTheHttpPortAndTheScrapeTheManagementPort(String overlay) {
        List<HasMetadata> objects = Kustomize.render(overlay);
        Deployment deployment = GatewayWorkloads.deployment(objects);
        Container gateway = gatewayContainer(objects);
        Service service = Kustomize.named(objects, Service.class, GatewayWorkloads.DEPLOYMENT);

        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(containerPort(gateway, port.getTargetPort())).isEqualTo(APP.httpPort()));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(APP.managementPort()))
                .containsEntry("prometheus.io/path", APP.metricsPath());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.licensegateway.deploy.Kustomize#overlays")
    void podIsGivenTimeForTheShutdownDelayAndTimeout(String overlay) {
        Deployment deployment = GatewayWorkloads.deployment(Kustomize.render(overlay));

        // application.properties: quarkus.shutdown.delay=5S and quarkus.shutdown.timeout=30S.
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(5 + 30);
    }

    private static Container gatewayContainer(List<HasMetadata> objects) {
        return GatewayWorkloads.onlyContainer(GatewayWorkloads.deployment(objects).getSpec().getTemplate());
    }

    private static void assertHttpProbe(Container container, Probe probe, String expectedPath) {
        assertThat(probe).as(expectedPath + " probe").isNotNull();
        assertThat(probe.getHttpGet()).as(expectedPath + " probe is an HTTP GET").isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(expectedPath);
        assertThat(containerPort(container, probe.getHttpGet().getPort())).isEqualTo(APP.managementPort());
    }

    /** A port given by name or by number, resolved against the container's declared ports. */
    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("container declares no port named " + port.getStrVal()));
    }
}
