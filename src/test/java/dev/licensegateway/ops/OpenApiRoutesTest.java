package dev.licensegateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes every route the gateway serves: each Vert.x route of the router (License API,
 * OAuth, the bulk path) and each JAX-RS resource method of the admin API, with its HTTP method; security schemes
 * for both APIs, and the License API's 429. A route added without documenting it fails this test.
 */
@QuarkusTest
class OpenApiRoutesTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Inject
    Router router;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    private JsonNode document;

    @org.junit.jupiter.api.BeforeEach
    void load() {
        document = read();
    }

    private JsonNode read() {
        try {
            return new ObjectMapper().readTree(Management.given(management).queryParam("format", "json").when().get("/q/openapi")
                    .then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyRouterRouteIsDocumentedWithItsMethod() {
        List<String> missing = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            String name = route.getName();
            if (name == null || name.startsWith("/q/") || (route.getPath() == null && !route.isRegexPath())) {
                continue;
            }
            Set<HttpMethod> methods = route.methods() == null ? Set.of() : route.methods();
            if (methods.isEmpty() && "/".equals(route.getPath())) {
                continue; // catch-alls: failure handler, not_found, the JAX-RS dispatcher (checked below)
            }
            List<String> documented = documentedPaths().stream().filter(path -> route.isRegexPath()
                    ? Pattern.compile(name).matcher(path.replaceAll("\\{[^}]+}", "x")).matches()
                    : path.equals(route.getPath())).toList();
            if (documented.isEmpty()) {
                missing.add(methods + " " + name);
            }
            for (HttpMethod method : methods) {
                if (documented.stream().noneMatch(path -> operation(path, method.name()) != null)) {
                    missing.add(method + " " + name);
                }
            }
        }
        assertThat(missing).as("routes missing from /q/openapi").isEmpty();
    }

    @Test
    void everyAdminResourceMethodIsDocumented() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                String path = normalise(base + (sub == null ? "" : sub.value()));
                boolean found = documentedPaths().stream().anyMatch(p -> normalise(p).equals(path)
                        && operation(p, verb) != null);
                if (!found) {
                    missing.add(verb.toUpperCase(Locale.ROOT) + " " + path + " (" + resource.getSimpleName() + ")");
                }
            }
        }
        assertThat(missing).as("admin API methods missing from /q/openapi").isEmpty();
    }

    @Test
    void bothApisHaveSecuritySchemesAndTheLicenseApiDocumentsRateLimiting() {
        assertThat(names(document.path("components").path("securitySchemes")))
                .contains("apiKeySignature", "oauthClientCredentials", "adminToken");
        for (String path : List.of("/api/v4/deactivate_offline", "/api/v4/deactivate_offline/batch")) {
            JsonNode post = operation(path, "post");
            assertThat(post.path("security").toString()).contains("apiKeySignature", "oauthClientCredentials");
            assertThat(names(post.path("responses"))).contains("400", "401", "405", "408", "413", "429", "500", "503");
        }
        assertThat(document.toString()).contains("rate_limited", "devices:bulk");
        assertThat(document.path("security").toString()).contains("adminToken");
    }

    private List<String> documentedPaths() {
        return names(document.path("paths"));
    }

    private JsonNode operation(String path, String method) {
        JsonNode operation = document.path("paths").path(path).get(method.toLowerCase(Locale.ROOT));
        return operation == null || operation.isMissingNode() ? null : operation;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/+$", "");
    }

    private static String verb(Method method) {
        for (var annotation : method.getAnnotations()) {
            String name = annotation.annotationType().getSimpleName().toLowerCase(Locale.ROOT);
            if (METHODS.contains(name) && annotation.annotationType().getPackageName().equals("jakarta.ws.rs")) {
                return name;
            }
        }
        return null;
    }

    /** Every class of the application with a JAX-RS {@code @Path}, found in the compiled classes. */
    private static List<Class<?>> resources() throws Exception {
        Path classes = Path.of("target/classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/licensegateway"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                    found.add(type);
                }
            }
        }
        assertThat(found).as("JAX-RS resources found").isNotEmpty();
        return found;
    }

}
