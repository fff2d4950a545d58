package dev.licensegateway.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded request files built member by member: the SPEC's fields in any order, mostly with values of their type
 * and sometimes not (see {@link FileMutations#VALUES}), nested {@code variables}, feature lists, v1 or v2,
 * written compact (Node), with Python's separators or with random whitespace. Most are valid, so the fast path
 * binds many of them and its answers are compared, not only its hand-overs.
 */
final class RandomFiles {

    private static final String[] TEXTS = {"studio", "AAAA-BBBB", "hw-1", "ak", "r-1", "c2ln", "deactivation",
        "Tue, 07 Jun 2011 20:51:35 GMT", "", "x y", "plant 7/line 3", "{\\\"not\\\": json}", "a\\u00e9b", "\u00e9"};
    private static final String[] REQUIRED = {"request", "product", "hardware_id", "license_key", "date", "request_id",
        "signature", "api_key"};

    private static final String[] OPTIONAL = {"os_ver", "hostname", "os_hostname", "ip", "ip_local", "app_ver", "app_name",
        "sdk_ver", "sdk_lang", "mac_address", "vm_info", "bundle_code", "is_vm", "license_id", "consumptions",
        "product_features", "variables"};

    private final Random random;
    private final String colon;
    private final String comma;

    RandomFiles(Random random) {
        this.random = random;
        switch (random.nextInt(3)) {
            case 0 -> {
                colon = ":";
                comma = ",";
            }
            case 1 -> {
                colon = ": ";
                comma = ", ";
            }
            default -> {
                colon = ws() + ":" + ws();
                comma = ws() + "," + ws();
            }
        }
    }

    String file() {
        boolean v2 = random.nextBoolean();
        String payload = payload(v2);
        if (!v2) {
            return ws() + payload + ws();
        }
        List<String> members = new ArrayList<>(List.of(member("request", payload),
                member("signature", random.nextInt(10) == 0 ? "null" : "\"" + pick(TEXTS) + "\"")));
        if (random.nextInt(8) == 0) {
            members.add(member(pick(PayloadFields.NAMES.toArray(String[]::new)), value("x")));
        }
        Collections.shuffle(members, random);
        return ws() + "{" + ws() + String.join(comma, members) + ws() + "}" + ws();
    }

    private String payload(boolean v2) {
        List<String> members = new ArrayList<>();
        for (String name : REQUIRED) {
            if (random.nextInt(40) != 0) {
                members.add(member(name, random.nextInt(20) == 0 ? value(name) : "\"" + usual(name) + "\""));
            }
        }
        if (v2 && random.nextBoolean()) {
            members.add(member("schema_version", random.nextInt(5) == 0 ? value("schema_version") : "2"));
        }
        int extra = random.nextInt(8);
        for (int i = 0; i < extra; i++) {
            String name = random.nextInt(20) == 0 ? "colour"
                    : random.nextInt(6) == 0 ? pick(PayloadFields.NAMES.toArray(String[]::new)) : pick(OPTIONAL);
            members.add(member(name, random.nextInt(10) == 0 ? FileMutations.VALUES.get(random.nextInt(FileMutations.VALUES.size()))
                    : value(name)));
        }
        Collections.shuffle(members, random);
        return "{" + ws() + String.join(comma, members) + ws() + "}";
    }

    private String usual(String name) {
        return switch (name) {
            case "request" -> "deactivation";
            case "date" -> "Tue, 07 Jun 2011 20:51:35 GMT";
            default -> name.substring(0, 2) + "-" + random.nextInt(1000);
        };
    }

    /** A value of the field's type, now and then at an edge. */
    private String value(String name) {
        return switch (name) {
            case "is_vm" -> pick(new String[] {"true", "false", "null"});
            case "license_id", "consumptions", "schema_version" -> pick(new String[] {"0", "-0", "3", "-17", "1000000000000",
                "-1000000000000", "1000000000001", "999999999999999999", "null", "2", "1"});
            case "product_features" -> features();
            case "variables" -> random.nextInt(6) == 0 ? "null" : variables(1 + random.nextInt(4));
            default -> random.nextInt(8) == 0 ? "null" : "\"" + pick(TEXTS) + "\"";
        };
    }

    private String features() {
        int count = random.nextInt(5);
        if (count == 4) {
            return "{" + feature() + "}";
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add("{" + feature() + "}");
        }
        return "[" + ws() + String.join(comma, entries) + ws() + "]";
    }

    private String feature() {
        List<String> members = new ArrayList<>(List.of(member("feature", "\"f" + random.nextInt(3) + "\""),
                member("consumptions", pick(new String[] {"1", "-2", "0", "1000000000000", "1000000000001"}))));
        Collections.shuffle(members, random);
        return String.join(comma, members);
    }

    /** A nested object or array of plain values; sibling objects may reuse keys, one object never should. */
    private String variables(int depth) {
        int count = random.nextInt(4);
        List<String> items = new ArrayList<>();
        boolean object = random.nextBoolean();
        for (int i = 0; i < count; i++) {
            String item = depth > 0 && random.nextInt(3) == 0 ? variables(depth - 1)
                    : pick(new String[] {"1", "-0.5e-3", "\"v\"", "true", "null", "\"\"", "12345678901234567890", "1E+2"});
            items.add(object ? member(random.nextInt(12) == 0 ? "k0" : "k" + i, item) : item);
        }
        return object ? "{" + String.join(comma, items) + "}" : "[" + String.join(comma, items) + "]";
    }

    private String member(String name, String value) {
        return "\"" + name + "\"" + colon + value;
    }

    private String ws() {
        return random.nextInt(3) != 0 ? "" : pick(new String[] {" ", "\n", "\r\n", "\t", "  "});
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
