package dev.licensegateway.admin.service;

import dev.licensegateway.error.ErrorCode;

/** Keyset cursors of the admin API's pages: the last id of the previous page, as text; absent or empty is the start. */
public final class Cursors {

    private Cursors() {
    }

    public static long parse(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0L;
        }
        if (!cursor.matches("\\d{1,18}")) {
            throw ErrorCode.VALIDATION_ERROR.exception("after: must be a cursor returned as next_cursor");
        }
        return Long.parseLong(cursor);
    }
}
