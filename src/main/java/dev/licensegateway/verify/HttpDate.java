package dev.licensegateway.verify;

import dev.licensegateway.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 7231 IMF-fixdate ({@code Tue, 07 Jun 2011 20:51:35 GMT}), the form of the Date header and of a file's date. */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The last Date header parsed: under load most requests of one second carry the same text. */
    private static volatile Parsed last = new Parsed("", Instant.EPOCH);

    private record Parsed(String text, Instant instant) {
    }

    private HttpDate() {
    }

    public static Instant parse(String text) {
        return IMF_FIXDATE.parse(text.trim(), Instant::from);
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The Date header must parse and lie within {@code tolerance} of {@code now}. */
    static void checkFresh(String header, Instant now, Duration tolerance) {
        Parsed cached = last;
        Instant date;
        if (cached.text().equals(header)) {
            date = cached.instant();
        } else {
            try {
                date = parse(header);
            } catch (DateTimeParseException e) {
                throw ErrorCode.DATE_HEADER_DIFF.exception("The Date header is not an RFC 7231 GMT date.");
            }
            last = new Parsed(header, date);
        }
        if (Duration.between(date, now).abs().compareTo(tolerance) > 0) {
            throw ErrorCode.DATE_HEADER_DIFF.exception();
        }
    }
}
