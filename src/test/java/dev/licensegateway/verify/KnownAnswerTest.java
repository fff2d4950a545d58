package dev.licensegateway.verify;

import dev.licensegateway.credentials.SigningKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.decode.DecodedBody;
import dev.licensegateway.decode.PayloadParser;
import dev.licensegateway.decode.RequestFile;
import dev.licensegateway.testing.SdkRequestFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worked examples of SPEC §2–§3 (shared/vectors), checked against our signing and our builder. */
class KnownAnswerTest {

    static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = KnownAnswerTest.class.getResourceAsStream("/vectors/deactivation-files.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void headerSignatureMatchesTheSpecVector() {
        SigningKey key = new SigningKey("kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja".getBytes(StandardCharsets.UTF_8));
        byte[] mac = key.sign("licenseSpring\ndate: Tue, 07 Jun 2011 20:51:35 GMT".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getEncoder().encodeToString(mac)).isEqualTo("UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q=");
    }

    @Test
    void innerSignatureOfTheV1VectorVerifies() {
        JsonNode vector = vectors.get(0);
        RequestFile file = parse(vector.get("file").asText());
        SigningKey key = new SigningKey(vector.get("shared_key").asText().getBytes(StandardCharsets.UTF_8));
        byte[] signingString = FileProof.innerSigningString(file.payload().date(), file.payload());
        assertThat(Base64.getEncoder().encodeToString(key.sign(signingString)))
                .isEqualTo(file.payload().signature());
    }

    @Test
    void outerSignatureOfTheV2VectorCoversTheExactRequestBytes() {
        JsonNode vector = vectors.get(1);
        byte[] decoded = Base64.getMimeDecoder().decode(vector.get("file").asText());
        RequestFile file = PayloadParser.parse(new DecodedBody(decoded, decoded.length));
        SigningKey key = new SigningKey(vector.get("shared_key").asText().getBytes(StandardCharsets.UTF_8));
        byte[] claimed = Base64.getDecoder().decode(file.outerSignature());
        assertThat(key.verifies(decoded, file.requestOffset(), file.requestLength(), claimed)).isTrue();
    }

    @Test
    void ourSdkStyleBuilderReproducesTheVectorFilesByteForByte() {
        for (int i = 0; i < 2; i++) {
            JsonNode vector = vectors.get(i);
            JsonNode decoded = i == 0 ? vector.get("decoded") : vector.get("decoded").get("request");
            SdkRequestFile file = SdkRequestFile.keyBased(vector.get("shared_key").asText(), vector.get("api_key").asText(),
                    "studio", "AAAA-BBBB-CCCC", "3f1c9b2e-hw-0001");
            file.without("os_ver").without("hostname").without("sdk_ver").without("date").without("request_id")
                    .without("api_key")
                    .with("os_ver", "Linux-6.1").with("hostname", "fleet-node-01").with("ip", "10.0.0.7")
                    .with("mac_address", "02:00:00:00:00:07").with("sdk_ver", "PythonSDK 4.1.0")
                    .consumptions(3).feature("render-minutes", 2)
                    .with("date", decoded.get("date").asText()).with("request_id", decoded.get("request_id").asText())
                    .with("api_key", "ak-demo-0001");
            if (i == 1) {
                file.v2();
            }
            assertThat(file.file()).isEqualTo(vector.get("file").asText());
        }
    }

    private static RequestFile parse(String base64) {
        byte[] decoded = Base64.getMimeDecoder().decode(base64);
        return PayloadParser.parse(new DecodedBody(decoded, decoded.length));
    }
}
