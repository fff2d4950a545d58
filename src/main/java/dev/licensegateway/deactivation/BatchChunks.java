package dev.licensegateway.deactivation;

import dev.licensegateway.decode.BatchFile;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.verify.CpuStage;
import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.verify.RequestVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A fleet batch, chunk after chunk: each file verified exactly as the single endpoint verifies it (same
 * {@link RequestVerifier} checks, on the worker pool), then the chunk's verified files applied together by
 * {@link BatchDeactivationService}. The answers come back in batch order, one per file, each what really
 * happened to that file. Abort policy: once the database was found unreachable, later chunks are answered
 * 503 without trying; a bounded wait (lock or statement timeout) or any other fault stops nothing.
 */
@ApplicationScoped
public class BatchChunks {

    private final RequestVerifier verifier;
    private final CpuStage cpu;
    private final BatchDeactivationService service;

    public BatchChunks(RequestVerifier verifier, CpuStage cpu, BatchDeactivationService service) {
        this.verifier = verifier;
        this.cpu = cpu;
        this.service = service;
    }

    /** One batch of an authenticated caller. Chunks of one run are processed one after the other. */
    public static final class Run {
        final Credentials caller;
        final String sourceIp;
        boolean unreachable;

        Run(Credentials caller, String sourceIp) {
            this.caller = caller;
            this.sourceIp = sourceIp;
        }

        public String companyId() {
            return caller.companyId();
        }
    }

    public Run start(Credentials caller, String sourceIp) {
        return new Run(caller, sourceIp);
    }

    /** The answers for one chunk of the batch, in batch order. */
    public Uni<List<ItemResult>> process(Run run, List<BatchFile> chunk) {
        if (run.unreachable) {
            return Uni.createFrom().item(chunk.stream().map(f -> ItemResult.failed(f.index(), null,
                    ErrorCode.SERVICE_UNAVAILABLE.exception())).toList());
        }
        return cpu.offload(() -> verify(run, chunk))
                .onFailure(ApiException.class).recoverWithItem(failure -> refuseAll(chunk, (ApiException) failure))
                .flatMap(this::sameCompany)
                .flatMap(verified -> service.deactivate(run.companyId(), verified.accepted, run.sourceIp)
                        .map(outcome -> {
                            run.unreachable |= outcome.unreachable();
                            List<ItemResult> all = new ArrayList<>(verified.refused);
                            all.addAll(outcome.results());
                            all.sort(Comparator.comparingInt(ItemResult::index));
                            return all;
                        }));
    }

    private Verified verify(Run run, List<BatchFile> chunk) {
        Verified verified = new Verified();
        for (BatchFile file : chunk) {
            try {
                verified.checked.add(new IndexedChecked(file.index(), verifier.checkFile(run.caller, file.decode())));
            } catch (ApiException e) {
                verified.refused.add(ItemResult.failed(file.index(), null, e));
            }
        }
        return verified;
    }

    /** The worker pool refused the work (queue full): every file of the chunk gets that answer. */
    private static Verified refuseAll(List<BatchFile> chunk, ApiException error) {
        Verified verified = new Verified();
        chunk.forEach(file -> verified.refused.add(ItemResult.failed(file.index(), null, error)));
        return verified;
    }

    private Uni<Verified> sameCompany(Verified verified) {
        List<Uni<Void>> checks = new ArrayList<>();
        for (IndexedChecked item : verified.checked) {
            checks.add(verifier.checkSameCompany(item.checked())
                    .invoke(request -> verified.accepted.add(new IndexedRequest(item.index(), request)))
                    .onFailure().invoke(e -> verified.refused.add(ItemResult.failed(item.index(),
                            item.checked().request().payload().requestId(), dev.licensegateway.error.Failures.classify(e))))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().item(verified);
        }
        return Uni.join().all(checks).andFailFast().map(ignored -> {
            verified.accepted.sort(Comparator.comparingInt(IndexedRequest::index));
            return verified;
        });
    }

    /** A chunk after verification: files refused so far, files verified, files cleared for the database. */
    private static final class Verified {
        final List<IndexedChecked> checked = new ArrayList<>();
        // Company checks may complete on other threads (a cache miss for another api key).
        final List<ItemResult> refused = Collections.synchronizedList(new ArrayList<>());
        final List<IndexedRequest> accepted = Collections.synchronizedList(new ArrayList<>());
    }

    private record IndexedChecked(int index, RequestVerifier.Checked checked) {
    }
}
