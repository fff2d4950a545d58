package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.BulkDeviceLine;
import dev.licensegateway.admin.model.BulkLoadResult;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.store.BulkDeviceWriter;
import dev.licensegateway.admin.store.BulkDeviceWriter.NumberedLine;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One NDJSON upload of devices, fed line by line from the request stream. Lines are parsed and checked
 * as they arrive and written in batches; while one batch is being written the next one fills, and the
 * stream is paused when a second batch waits, so memory stays at about two batches whatever the size
 * of the upload. The first failure rolls everything back and ignores the rest of the stream.
 * Not thread-safe: everything runs on the request's event loop.
 */
public final class BulkUpload {

    /** Longest accepted line; a longer one is a broken upload, not a device. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(BulkUpload.class);

    private final String companyId;
    private final String mode;
    private final BulkDeviceWriter writer;
    private final int batchSize;
    private final Runnable pause;
    private final Runnable resume;
    private final Promise<BulkLoadResult> done = Promise.promise();
    private final long started = System.nanoTime();

    private List<NumberedLine> batch = new ArrayList<>();
    private Future<Void> tail = Future.succeededFuture();
    private int queued;
    private boolean finished;
    private long lineNumber;
    private long devices;
    private long activeDevices;
    private int batches;

    BulkUpload(String companyId, String mode, BulkDeviceWriter writer, int batchSize, Runnable pause, Runnable resume) {
        this.companyId = companyId;
        this.mode = mode;
        this.writer = writer;
        this.batchSize = batchSize;
        this.pause = pause;
        this.resume = resume;
    }

    /** Completes after commit, or fails with the documented error after rollback. */
    public Future<BulkLoadResult> result() {
        return done.future();
    }

    public void line(Buffer raw) {
        lineNumber++;
        if (finished) {
            return;
        }
        if (raw.length() > MAX_LINE_BYTES) {
            // The parser only notices a long line still unfinished; one that arrived whole is caught here.
            fail(ErrorCode.VALIDATION_ERROR.exception("line " + lineNumber + ": longer than " + MAX_LINE_BYTES
                    + " bytes"));
            return;
        }
        byte[] json = raw.getBytes();
        if (isBlank(json)) {
            return;
        }
        BulkDeviceLine line;
        try {
            line = check(StrictJson.read(json, BulkDeviceLine.class, "line " + lineNumber), lineNumber);
        } catch (ApiException e) {
            fail(e);
            return;
        }
        batch.add(new NumberedLine(lineNumber, line));
        if (batch.size() >= batchSize) {
            submit();
        }
    }

    public void end() {
        if (finished) {
            return;
        }
        submit();
        finished = true;
        tail.compose(v -> writer.commit()).onComplete(committed -> {
            if (committed.failed()) {
                rollback(committed.cause());
                return;
            }
            long elapsedMs = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            LOG.infof("bulk load into %s: %d devices in %d ms", companyId, devices, elapsedMs);
            boolean upsert = mode.equals(ImportDocument.UPSERT);
            done.tryComplete(new BulkLoadResult(companyId, mode, devices, activeDevices, batches, elapsedMs,
                    devices * 1000 / elapsedMs, upsert ? writer.changes() : null));
        });
    }

    public void fail(Throwable failure) {
        if (!finished) {
            finished = true;
            // Let a batch in flight finish before rolling back: the connection runs one thing at a time.
            tail.onComplete(ignored -> rollback(failure));
        }
    }

    /** The error for a line found too long while still being read: it is the next one. */
    public ApiException lineTooLong() {
        return ErrorCode.VALIDATION_ERROR.exception("line " + (lineNumber + 1) + ": longer than " + MAX_LINE_BYTES
                + " bytes");
    }

    private void submit() {
        if (batch.isEmpty()) {
            return;
        }
        List<NumberedLine> lines = batch;
        batch = new ArrayList<>(batchSize);
        queued++;
        if (queued >= 2) {
            pause.run();
        }
        tail = tail.compose(v -> writer.write(lines)).onComplete(written -> {
            queued--;
            if (written.failed()) {
                fail(written.cause());
                return;
            }
            batches++;
            devices += lines.size();
            activeDevices += lines.stream().filter(l -> l.line().active() == null || l.line().active()).count();
            if (queued < 2 && !finished) {
                resume.run();
            }
        });
    }

    private void rollback(Throwable failure) {
        ApiException error = Failures.classify(failure);
        writer.rollback().onComplete(ignored -> done.tryFail(error));
    }

    private static BulkDeviceLine check(BulkDeviceLine line, long number) {
        if ((line.licenseKey() == null) == (line.licenseId() == null)) {
            throw ErrorCode.VALIDATION_ERROR.exception("line " + number + ": give license_key or license_id");
        }
        if (line.licenseKey() != null && line.licenseKey().isBlank()) {
            throw ErrorCode.VALIDATION_ERROR.exception("line " + number + ": license_key: must not be empty");
        }
        if (line.hardwareId() == null || line.hardwareId().isBlank()) {
            throw ErrorCode.VALIDATION_ERROR.exception("line " + number + ": hardware_id: is required");
        }
        return line;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
