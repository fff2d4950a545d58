package dev.licensegateway.admin.model;

/** Who made an admin change, for the audit: the operator's name (header X-Admin-Actor) and address. */
public record AdminActor(String name, String sourceIp) {

    public static final String HEADER = "X-Admin-Actor";
    private static final int MAX_NAME = 128;

    public static AdminActor of(String header, String sourceIp) {
        String name = header == null || header.isBlank() ? "admin" : header.strip();
        StringBuilder clean = new StringBuilder();
        name.codePoints().limit(MAX_NAME).filter(c -> !Character.isISOControl(c)).forEach(clean::appendCodePoint);
        return new AdminActor(clean.isEmpty() ? "admin" : clean.toString(), sourceIp);
    }
}
