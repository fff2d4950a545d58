package dev.licensegateway.http;

import dev.licensegateway.deactivation.BatchDeactivationService;
import dev.licensegateway.deactivation.IndexedRequest;
import dev.licensegateway.deactivation.ItemResult;
import dev.licensegateway.decode.NamedFile;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.verify.CpuStage;
import dev.licensegateway.verify.RequestVerifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chunk of a portal upload through the License API's own steps: decode (worker pool), then each file
 * proven by its own signatures with the keys of the company its api key or client id names
 * ({@link RequestVerifier#proveFile}, the same {@code FileProof} rules as every License API file), then the
 * batch decision core per company — the same transaction, claims and answers as
 * {@code /api/v4/deactivate_offline/batch}, so a file uploaded here and the same file posted by the SDK are
 * one deactivation.
 */
@ApplicationScoped
public class UploadChunk {

    private final RequestVerifier verifier;
    private final BatchDeactivationService service;
    private final CpuStage cpu;

    public UploadChunk(RequestVerifier verifier, BatchDeactivationService service, CpuStage cpu) {
        this.verifier = verifier;
        this.service = service;
        this.cpu = cpu;
    }

    /** Every file of the chunk answered, in the chunk's order; a failure of one never fails the others. */
    Uni<List<UploadedFile>> process(List<NamedFile> chunk, String sourceIp, Duration deadline) {
        return cpu.offload(() -> {
                    List<UploadedFile> files = new ArrayList<>(chunk.size());
                    for (NamedFile file : chunk) {
                        UploadedFile uploaded = new UploadedFile(file);
                        uploaded.decode();
                        files.add(uploaded);
                    }
                    return files;
                })
                .flatMap(this::prove)
                .flatMap(files -> decide(files, sourceIp, deadline));
    }

    /**
     * Each file's own proof; {@code null} company scope, as the admin operator may act for every company (a
     * per-company operator would pass its company here).
     */
    private Uni<List<UploadedFile>> prove(List<UploadedFile> files) {
        List<Uni<Void>> proofs = new ArrayList<>();
        for (UploadedFile file : files) {
            if (file.pending()) {
                proofs.add(verifier.proveFile(null, file.decoded)
                        .invoke(file::proven)
                        .onFailure().invoke(file::fail)
                        .onFailure().recoverWithNull()
                        .replaceWithVoid());
            }
        }
        if (proofs.isEmpty()) {
            return Uni.createFrom().item(files);
        }
        return Uni.join().all(proofs).andFailFast().replaceWith(files);
    }

    /** The decision core, once per company of the chunk (a claim and a license belong to one company). */
    private Uni<List<UploadedFile>> decide(List<UploadedFile> files, String sourceIp, Duration deadline) {
        Map<String, List<UploadedFile>> byCompany = new LinkedHashMap<>();
        for (UploadedFile file : files) {
            if (file.pending()) {
                byCompany.computeIfAbsent(file.request.companyId(), k -> new ArrayList<>()).add(file);
            }
        }
        if (byCompany.isEmpty()) {
            return Uni.createFrom().item(files);
        }
        return Multi.createFrom().iterable(byCompany.entrySet())
                .onItem().transformToUniAndConcatenate(group -> decide(group.getKey(), group.getValue(), sourceIp, deadline))
                .collect().last()
                .replaceWith(files);
    }

    private Uni<Void> decide(String companyId, List<UploadedFile> group, String sourceIp, Duration deadline) {
        Map<Integer, UploadedFile> byIndex = new LinkedHashMap<>();
        List<IndexedRequest> items = new ArrayList<>(group.size());
        for (UploadedFile file : group) {
            byIndex.put(file.file.index(), file);
            items.add(new IndexedRequest(file.file.index(), file.request));
        }
        return service.deactivate(companyId, items, sourceIp)
                .ifNoItem().after(deadline).failWith(() -> ErrorCode.SERVICE_UNAVAILABLE.exception(
                        "The upload chunk did not complete in time; upload its files again."))
                .invoke(outcome -> {
                    for (ItemResult result : outcome.results()) {
                        UploadedFile file = byIndex.get(result.index());
                        if (result.requestId() != null) {
                            file.requestId = result.requestId();
                        }
                        if (result.error() != null) {
                            file.fail(result.error());
                        } else {
                            file.outcome = result.outcome();
                        }
                    }
                })
                // The database is away (or the chunk timed out): these files are answered as such.
                .onFailure().invoke(failure -> group.forEach(file -> file.fail(failure)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
