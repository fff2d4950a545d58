package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.model.ImportResult;
import dev.licensegateway.admin.model.ImportResult.CompanyResult;
import dev.licensegateway.admin.model.ImportResult.Counts;
import dev.licensegateway.admin.model.UpsertResult;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Imports a provisioning document (SPEC §8): read and validate it, generate the secrets it leaves out and
 * hash its passwords on a worker thread, then write it in one transaction on the event loop. Usable from
 * any thread, e.g. by the run mode loading {@code demo/demo-dataset.json} at start.
 */
@ApplicationScoped
public class ImportService {

    /** Classpath resource of the demo dataset. */
    public static final String DEMO_DATASET = "demo/demo-dataset.json";

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    /** The audit's actor of imports started from Java (the run mode's demo dataset). */
    private static final AdminActor STARTUP = AdminActor.of("startup", null);

    private final ImportPlanner planner;
    private final ImportWriter writer;
    private final UpsertWriter upserts;
    private final VertxContexts contexts;

    public ImportService(ImportPlanner planner, ImportWriter writer, UpsertWriter upserts, VertxContexts contexts) {
        this.planner = planner;
        this.writer = writer;
        this.upserts = upserts;
        this.contexts = contexts;
    }

    /**
     * The body of {@code POST /admin/v1/import}: an {@link ImportResult} for {@code "mode": "create"} (the
     * default), an {@link UpsertResult} for {@code "mode": "upsert"}.
     */
    public Uni<Object> apply(byte[] json, AdminActor actor) {
        return Uni.createFrom().deferred(() -> {
            Executor eventLoop = contexts.current();
            return Uni.createFrom().item(() -> ImportValidator.validate(StrictJson.read(json, ImportDocument.class, "")))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(eventLoop)
                    .flatMap(document -> document.upsert()
                            ? upsertDocument(document, actor).map(result -> (Object) result)
                            : run(() -> planner.plan(document), actor).map(result -> (Object) result));
        });
    }

    /** Creates what is missing and changes what differs; see {@link UpsertWriter}. */
    public Uni<UpsertResult> upsertDocument(ImportDocument document, AdminActor actor) {
        return Uni.createFrom().deferred(() -> {
            Executor eventLoop = contexts.current();
            long started = System.nanoTime();
            return Uni.createFrom().item(() -> planner.plan(ImportValidator.validate(document)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(eventLoop)
                    .flatMap(plan -> upserts.write(plan, actor))
                    .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception(
                            "Something in the document was created concurrently; nothing was written."))
                    .map(companies -> {
                        Map<String, Integer> total = new TreeMap<>();
                        companies.forEach(c -> c.changes().forEach((k, v) -> total.merge(k, v, Integer::sum)));
                        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                        LOG.infof("upsert: %d companies, changes %s, in %d ms", companies.size(), total, elapsedMs);
                        return new UpsertResult(ImportDocument.UPSERT, companies, total, elapsedMs);
                    });
        });
    }

    /** Imports a JSON document (the body of {@code POST /admin/v1/import}). */
    public Uni<ImportResult> importJson(byte[] json) {
        return run(() -> planner.plan(ImportValidator.validate(StrictJson.read(json, ImportDocument.class, ""))),
                STARTUP);
    }

    /** Imports a document built in Java. */
    public Uni<ImportResult> importDocument(ImportDocument document) {
        return run(() -> planner.plan(ImportValidator.validate(document)), STARTUP);
    }

    private Uni<ImportResult> run(Supplier<ImportPlan> planning, AdminActor actor) {
        return Uni.createFrom().deferred(() -> {
            Executor eventLoop = contexts.current();
            long started = System.nanoTime();
            return Uni.createFrom().item(planning)
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(eventLoop)
                    .flatMap(plan -> writer.write(plan, actor))
                    .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception(
                            "Something in the document was created concurrently; nothing was written."))
                    .map(companies -> result(companies, started));
        });
    }

    private static ImportResult result(List<CompanyResult> companies, long started) {
        Counts total = Counts.NONE;
        for (CompanyResult company : companies) {
            total = total.plus(company.created());
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("import: %d companies, %d licenses, %d devices written in %d ms", total.companies(),
                total.licenses(), total.devices(), elapsedMs);
        return new ImportResult(companies, total, elapsedMs);
    }
}
