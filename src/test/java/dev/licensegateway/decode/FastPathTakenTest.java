package dev.licensegateway.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files the SDKs write are bound by the fast path, through {@link PayloadParser#parse}'s own wiring: a change
 * that makes it decline them (a new field, a stricter check) would silently cost the CPU the JMH figure shows.
 */
class FastPathTakenTest {

    static Stream<Arguments> sdkFiles() {
        return SeedFiles.sdkFiles().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sdkFiles")
    void theSdksFilesTakeTheFastPath(String name, byte[] file) {
        PayloadParser.Parsed parsed = PayloadParser.parseReporting(new DecodedBody(file, file.length));
        assertThat(parsed.fast()).as(name).isTrue();
        assertThat(parsed.file()).isEqualTo(PayloadParser.parseWithJackson(new DecodedBody(file, file.length)));
    }

    @Test
    void theSdkFilesIncludeEveryShape() {
        Map<String, byte[]> files = SeedFiles.sdkFiles();
        List<RequestFile> parsed = files.values().stream().map(f -> PayloadParser.parse(new DecodedBody(f, f.length))).toList();
        assertThat(parsed).anyMatch(RequestFile::isV2).anyMatch(f -> !f.isV2())
                .anyMatch(f -> f.payload().variablesJson() != null).anyMatch(f -> f.payload().productFeatures().size() > 1)
                .anyMatch(f -> f.payload().userBased()).anyMatch(f -> f.payload().clientId() != null);
        assertThat(files).hasSizeGreaterThanOrEqualTo(17);
    }

    @Test
    void aFileTheFastPathDoesNotHandleGoesToJackson() {
        byte[] escaped = SeedFiles.utf8(SeedFiles.python().with("hostname", "Fr\u00e4smaschine").json());
        PayloadParser.Parsed parsed = PayloadParser.parseReporting(new DecodedBody(escaped, escaped.length));
        assertThat(parsed.fast()).isFalse();
        assertThat(parsed.file().payload().clientInfo()).containsEntry("hostname", "Fr\u00e4smaschine");
    }

    /** The fast path finds fields by index; the indexes must name the fields PayloadFields says they do. */
    @Test
    void theFieldIndexesNameTheirFields() {
        assertThat(PayloadFields.NAMES.get(PayloadFields.REQUEST_ID)).isEqualTo("request_id");
        assertThat(PayloadFields.NAMES.get(PayloadFields.REQUEST)).isEqualTo("request");
        assertThat(PayloadFields.NAMES.get(PayloadFields.SIGNATURE)).isEqualTo("signature");
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("bundle_code"))).isEqualTo(PayloadFields.Kind.TEXT);
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("is_vm"))).isEqualTo(PayloadFields.Kind.FLAG);
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("license_id"))).isEqualTo(PayloadFields.Kind.INTEGER);
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("schema_version"))).isEqualTo(PayloadFields.Kind.INTEGER);
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("product_features"))).isEqualTo(PayloadFields.Kind.FEATURES);
        assertThat(PayloadFields.kind(PayloadFields.NAMES.indexOf("variables"))).isEqualTo(PayloadFields.Kind.VARIABLES);
        assertThat(PayloadFields.NAMES).hasSize(29);
    }
}
