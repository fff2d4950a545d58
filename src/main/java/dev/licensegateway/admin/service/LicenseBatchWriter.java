package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument.Consumption;
import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.LicenseFeature;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.store.Inserts;
import dev.licensegateway.admin.store.MultiRowInsert;
import dev.licensegateway.admin.store.SessionSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Writes a company's licenses with their users, feature limits and devices, in multi-row statements of
 * at most {@code gateway.import.batch-size} rows. License ids are taken from the sequence per chunk, so
 * the rows that refer to a license can be written without reading anything back. Device batches are
 * built one at a time, so a large fleet costs memory for one batch, not for all its rows again.
 */
@ApplicationScoped
public class LicenseBatchWriter {

    /** A license of the document with the ids of what it belongs to. */
    public record LicenseRef(long productId, License license, Map<String, Long> featureIds) {
    }

    private final SessionSql sql;
    private final int batchSize;

    public LicenseBatchWriter(SessionSql sql, ImportSettings settings) {
        this.sql = sql;
        this.batchSize = Math.max(1, settings.batchSize());
    }

    public Uni<Void> write(String companyId, List<LicenseRef> licenses, Map<User, String> passwordHashes) {
        List<List<LicenseRef>> chunks = new ArrayList<>();
        for (int start = 0; start < licenses.size(); start += batchSize) {
            chunks.add(licenses.subList(start, Math.min(licenses.size(), start + batchSize)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> chunk(companyId, chunk, passwordHashes))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> chunk(String companyId, List<LicenseRef> chunk, Map<User, String> passwordHashes) {
        return sql.nextIds("licenses", "license_id", chunk.size()).flatMap(ids -> {
            MultiRowInsert.Rows licenses = Inserts.LICENSES.rows();
            MultiRowInsert.Rows users = Inserts.LICENSE_USERS.rows();
            MultiRowInsert.Rows features = Inserts.LICENSE_FEATURES.rows();
            for (int i = 0; i < chunk.size(); i++) {
                LicenseRef ref = chunk.get(i);
                License license = ref.license();
                licenses.add(licenseRow(ids[i], ref.productId(), license));
                for (User user : ImportPlanner.orEmpty(license.users())) {
                    users.add(ref.productId(), ids[i], user.username(), passwordHashes.get(user));
                }
                for (LicenseFeature feature : ImportPlanner.orEmpty(license.features())) {
                    features.add(ids[i], ref.featureIds().get(feature.code()), orZero(feature.maxConsumption()),
                            orZero(feature.total()), isTrue(feature.allowOverages()), orZero(feature.maxOverages()),
                            isTrue(feature.unlimited()), isTrue(feature.allowNegative()));
                }
            }
            return sql.insert(companyId, licenses)
                    .flatMap(none -> sql.insert(companyId, users))
                    .flatMap(none -> sql.insert(companyId, features))
                    .flatMap(none -> devices(companyId, chunk, ids));
        });
    }

    private static Object[] licenseRow(long licenseId, long productId, License license) {
        Consumption c = license.consumption() == null
                ? new Consumption(null, null, null, null, null, null) : license.consumption();
        int active = 0;
        for (Device device : ImportPlanner.orEmpty(license.devices())) {
            active += ImportValidator.isActive(device) ? 1 : 0;
        }
        return new Object[] {licenseId, productId, license.licenseKey(), license.type(), isTrue(license.trial()),
                license.enabled() == null || license.enabled(), ImportValidator.maxActivations(license), active,
                orZero(c.max()), orZero(c.total()), isTrue(c.allowOverages()), orZero(c.maxOverages()),
                isTrue(c.unlimited()), isTrue(c.allowNegative())};
    }

    private Uni<Void> devices(String companyId, List<LicenseRef> chunk, long[] ids) {
        return Multi.createFrom().iterable(() -> new DeviceBatches(chunk, ids, batchSize))
                .onItem().transformToUniAndConcatenate(rows -> sql.insert(companyId, rows))
                .collect().last().replaceWithVoid();
    }

    /** The devices of a chunk of licenses, cut into batches lazily. */
    private static final class DeviceBatches implements Iterator<MultiRowInsert.Rows> {

        private final List<LicenseRef> licenses;
        private final long[] ids;
        private final int batchSize;
        private int license;
        private int device;

        DeviceBatches(List<LicenseRef> licenses, long[] ids, int batchSize) {
            this.licenses = licenses;
            this.ids = ids;
            this.batchSize = batchSize;
            skipLicensesWithoutDevices();
        }

        @Override
        public boolean hasNext() {
            return license < licenses.size();
        }

        @Override
        public MultiRowInsert.Rows next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            MultiRowInsert.Rows rows = Inserts.DEVICES.rows();
            while (hasNext() && rows.size() < batchSize) {
                Device d = licenses.get(license).license().devices().get(device);
                rows.add(ids[license], d.hardwareId(), ImportValidator.isActive(d),
                        d.variables() == null ? null : new JsonObject(d.variables()).encode());
                device++;
                skipLicensesWithoutDevices();
            }
            return rows;
        }

        private void skipLicensesWithoutDevices() {
            while (license < licenses.size()
                    && device >= ImportPlanner.orEmpty(licenses.get(license).license().devices()).size()) {
                license++;
                device = 0;
            }
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }

    private static boolean isTrue(Boolean value) {
        return value != null && value;
    }
}
