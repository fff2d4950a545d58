package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API of one gateway process, as an operator's tooling calls it. */
final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final GatewayProcess gateway;

    AdminClient(GatewayProcess gateway) {
        this.gateway = gateway;
    }

    /** Imports the dataset (201 expected). */
    void importDataset(FaultDataset dataset) throws Exception {
        send("POST", "/admin/v1/import", dataset.importDocument(), 201);
    }

    /** Adds a shared key with the given secret to the company; returns its id. */
    long addSharedKey(String company, String key) throws IOException, InterruptedException {
        return send("POST", "/admin/v1/companies/" + company + "/shared-keys", JSON.writeValueAsString(
                java.util.Map.of("key", key)), 201).path("shared_key_id").asLong();
    }

    void revokeSharedKey(String company, long id) throws IOException, InterruptedException {
        send("DELETE", "/admin/v1/companies/" + company + "/shared-keys/" + id, null, 204);
    }

    /** Adds an API key to the company; returns its identifier (the key itself never goes into a URL). */
    String addApiKey(String company, String key) throws IOException, InterruptedException {
        return send("POST", "/admin/v1/companies/" + company + "/api-keys",
                JSON.writeValueAsString(java.util.Map.of("key", key)), 201).path("key_id").asText();
    }

    void revokeApiKey(String company, String keyId) throws IOException, InterruptedException {
        send("DELETE", "/admin/v1/companies/" + company + "/api-keys/" + keyId, null, 204);
    }

    /** Adds a webhook endpoint to the company; returns its id. */
    long addWebhook(String company, String url, String secret) throws IOException, InterruptedException {
        return send("POST", "/admin/v1/companies/" + company + "/webhooks",
                JSON.writeValueAsString(java.util.Map.of("url", url, "secret", secret)), 201).path("endpoint_id").asLong();
    }

    private JsonNode send(String method, String path, String body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
