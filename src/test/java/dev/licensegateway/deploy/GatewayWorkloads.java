package dev.licensegateway.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gateway's own pods in a rendered overlay (the API Deployment and the migration Job) and their env. */
final class GatewayWorkloads {

    static final String DEPLOYMENT = "license-gateway";
    static final String MIGRATION_JOB = "license-gateway-migrate";

    private GatewayWorkloads() {
    }

    /** Where one environment variable's value comes from once Kubernetes has resolved the references. */
    record Source(String literal, String secretName, String secretKey) {

        boolean fromSecret() {
            return secretName != null;
        }
    }

    static Deployment deployment(List<HasMetadata> objects) {
        return Kustomize.named(objects, Deployment.class, DEPLOYMENT);
    }

    static Job migrationJob(List<HasMetadata> objects) {
        return Kustomize.named(objects, Job.class, MIGRATION_JOB);
    }

    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
        return Map.of(
                "Deployment/" + DEPLOYMENT, deployment(objects).getSpec().getTemplate(),
                "Job/" + MIGRATION_JOB, migrationJob(objects).getSpec().getTemplate());
    }

    static Container onlyContainer(PodTemplateSpec template) {
        List<Container> containers = template.getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    /** The container's environment as the kubelet builds it: envFrom first, explicit env overriding it. */
    static Map<String, Source> environment(Container container, List<HasMetadata> objects) {
        Map<String, Source> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                configMap(objects, from.getConfigMapRef().getName()).getData()
                        .forEach((key, value) -> env.put(key, new Source(value, null, null)));
            }
            if (from.getSecretRef() != null) {
                throw new AssertionError("envFrom a whole Secret hides which keys a container reads; "
                        + "name each with secretKeyRef");
            }
        }
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), source(variable, objects));
        }
        return env;
    }

    static ConfigMap configMap(List<HasMetadata> objects, String name) {
        return Kustomize.named(objects, ConfigMap.class, name);
    }

    private static Source source(EnvVar variable, List<HasMetadata> objects) {
        if (variable.getValueFrom() == null) {
            return new Source(variable.getValue(), null, null);
        }
        var from = variable.getValueFrom();
        if (from.getSecretKeyRef() != null) {
            return new Source(null, from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey());
        }
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            String key = from.getConfigMapKeyRef().getKey();
            String value = configMap(objects, name).getData().get(key);
            if (value == null) {
                throw new AssertionError(variable.getName() + " refers to key " + key + " that ConfigMap " + name
                        + " does not have");
            }
            return new Source(value, null, null);
        }
        throw new AssertionError(variable.getName() + " uses an unsupported valueFrom: " + from);
    }
}
