package dev.licensegateway.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stored password hashes of license users, for a single file or a whole batch chunk in one query. */
@ApplicationScoped
public class PasswordHashes {

    static final String PASSWORD_HASHES = """
            SELECT k.product, k.username, u.password_hash
            FROM unnest($2::text[], $3::text[]) AS k(product, username)
            JOIN products p ON p.company_id = $1 AND p.code = k.product
            JOIN license_users u ON u.company_id = $1 AND u.product_id = p.product_id AND u.username = k.username""";

    /** Stored password hashes by {@link #key}(product, username); absent for unknown users or no password. */
    public Uni<Map<String, String>> find(SqlClient client, String companyId, List<String> products,
                                         List<String> usernames) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(products.toArray(String[]::new))
                .addArrayOfString(usernames.toArray(String[]::new));
        return client.preparedQuery(PASSWORD_HASHES).execute(Tuple.newInstance(tuple)).map(rows -> {
            Map<String, String> hashes = new HashMap<>();
            for (Row row : rows) {
                if (row.getString("password_hash") != null) {
                    hashes.put(key(row.getString("product"), row.getString("username")), row.getString("password_hash"));
                }
            }
            return hashes;
        });
    }

    public static String key(String product, String username) {
        return product + '\u0000' + username;
    }
}
