package dev.licensegateway.admin.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.admin.model.DeactivationEvent;
import dev.licensegateway.error.ErrorCode;
import java.util.function.Function;

/**
 * How an exported audit event is written: one NDJSON line (the shape of the events list), or one CSV record
 * (RFC 4180; JSON columns as JSON text; a cell a spreadsheet would run as a formula gets a leading {@code '}).
 */
public enum ExportFormat {
    NDJSON("application/x-ndjson", null),
    CSV("text/csv", "event_id,created_at,request_id,license_id,device_id,hardware_id,principal,source_ip,"
            + "schema_version,consumptions,feature_deltas,client_info\r\n");

    private final String mediaType;
    private final String header;

    ExportFormat(String mediaType, String header) {
        this.mediaType = mediaType;
        this.header = header;
    }

    public static ExportFormat parse(String value) {
        if (value == null || value.isEmpty() || value.equals("ndjson")) {
            return NDJSON;
        }
        if (value.equals("csv")) {
            return CSV;
        }
        throw ErrorCode.VALIDATION_ERROR.exception("format: must be ndjson or csv");
    }

    public String mediaType() {
        return mediaType;
    }

    /** The first line (CSV's column names), or null. */
    public String header() {
        return header;
    }

    public Function<DeactivationEvent, String> writer(ObjectMapper json) {
        return this == NDJSON ? event -> write(json, event) + "\n" : event -> String.join(",",
                String.valueOf(event.eventId()), event.createdAt().toString(), cell(event.requestId()),
                String.valueOf(event.licenseId()), String.valueOf(event.deviceId()), cell(event.hardwareId()),
                cell(event.principal()), cell(event.sourceIp()), String.valueOf(event.schemaVersion()),
                String.valueOf(event.consumptions()),
                cell(event.featureDeltas() == null ? null : write(json, event.featureDeltas())),
                cell(event.clientInfo() == null ? null : write(json, event.clientInfo()))) + "\r\n";
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event is not JSON", e);
        }
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String text = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
