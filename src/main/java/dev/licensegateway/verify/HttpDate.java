package dev.licensegateway.verify;

import dev.licensegateway.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The date forms the official SDKs write: RFC 7231 IMF-fixdate ({@code Tue, 07 Jun 2011 20:51:35 GMT}, the
 * Date header and most files), the same with {@code UTC} (the legacy Go SDK), and JavaScript's
 * {@code Tue Dec 1 2026 18:43:14 GMT+0000} (the Node SDK's file date, day not zero-padded).
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter IMF_UTC =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NODE =
            DateTimeFormatter.ofPattern("EEE MMM d yyyy HH:mm:ss 'GMT'xx", Locale.US).withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> HEADER_FORMS = List.of(IMF_FIXDATE, IMF_UTC);
    private static final List<DateTimeFormatter> FILE_FORMS = List.of(IMF_FIXDATE, IMF_UTC, NODE);

    /** The last Date header parsed: under load most requests of one second carry the same text. */
    private static volatile Parsed last = new Parsed("", Instant.EPOCH);

    private record Parsed(String text, Instant instant) {
    }

    private HttpDate() {
    }

    /** An IMF-fixdate, with {@code GMT} or {@code UTC}. */
    public static Instant parse(String text) {
        return parse(text.trim(), HEADER_FORMS);
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /**
     * The file's date one second later, written in the form the file used, or null when it is in no form an
     * SDK writes. The Python SDK reads its clock twice and may sign {@code date + 1 s}.
     */
    static String nextSecond(String date) {
        for (DateTimeFormatter form : FILE_FORMS) {
            try {
                Instant instant = form.parse(date, Instant::from);
                String next = form.format(instant.plusSeconds(1));
                return next;
            } catch (DateTimeParseException e) {
                // Not this form; try the next.
            }
        }
        return null;
    }

    private static Instant parse(String text, List<DateTimeFormatter> forms) {
        DateTimeParseException failure = null;
        for (DateTimeFormatter form : forms) {
            try {
                return form.parse(text, Instant::from);
            } catch (DateTimeParseException e) {
                failure = e;
            }
        }
        throw failure;
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
