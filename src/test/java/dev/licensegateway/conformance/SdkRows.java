package dev.licensegateway.conformance;

import dev.licensegateway.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.HexFormat;

/** What the conformance tests need beyond {@code TestCompany}: a device activated again, and a file's own key. */
final class SdkRows {

    private SdkRows() {
    }

    /** A new active device with this hardware id on the license (as an online activation would leave it). */
    static void activate(String company, String licenseKey, String hardwareId) {
        update("""
                INSERT INTO devices (company_id, license_id, hardware_id)
                SELECT company_id, license_id, ? FROM licenses WHERE company_id = ? AND license_key = ?""",
                hardwareId, company, licenseKey);
        update("UPDATE licenses SET times_activated = times_activated + 1 WHERE company_id = ? AND license_key = ?",
                company, licenseKey);
    }

    static void update(String sql, Object... parameters) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The request id the gateway gives a file without one (SPEC §5): {@code sha256:} and the hex SHA-256 of the
     * exact text of its {@code request} member. The Node SDK writes {@code {"request":…,"signature":"…"}}.
     */
    static String sha256Key(String file) {
        String decoded = decoded(file);
        String request = decoded.substring("{\"request\":".length(), decoded.lastIndexOf(",\"signature\":"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String decoded(String file) {
        return new String(Base64.getMimeDecoder().decode(file.trim()), StandardCharsets.UTF_8);
    }

    static String encoded(String decoded) {
        return Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }
}
