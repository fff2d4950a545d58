package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.deactivation.BatchDeactivationService;
import dev.licensegateway.deactivation.IndexedRequest;
import dev.licensegateway.deactivation.ItemResult;
import dev.licensegateway.deactivation.Outcome;
import dev.licensegateway.decode.BatchBodyReader;
import dev.licensegateway.decode.BatchFile;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.verify.CpuStage;
import dev.licensegateway.verify.Credentials;
import dev.licensegateway.verify.RequestHeaders;
import dev.licensegateway.verify.RequestVerifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * {@code POST /api/v4/deactivate_offline/batch}: many request files in one call, each judged exactly as the
 * single endpoint would judge it, results streamed back as NDJSON as each chunk completes. The caller is
 * authenticated once; files are verified in chunks on the worker pool and written set-based. The next
 * chunk starts only when the previous results have drained to the client, so a slow reader holds at most
 * one chunk in memory.
 */
@ApplicationScoped
public class BatchRoute {

    public static final String PATH = DeactivateOfflineRoute.PATH + "/batch";
    static final String ENDPOINT = "deactivate_offline_batch";

    private final RequestVerifier verifier;
    private final BatchDeactivationService service;
    private final CpuStage cpu;
    private final RequestObserver observer;
    private final BatchBodyReader.Limits limits;
    private final int chunkSize;
    private final Duration deadline;
    private final Duration readTimeout;

    public BatchRoute(RequestVerifier verifier, BatchDeactivationService service, CpuStage cpu, RequestObserver observer,
                      GatewayConfig config) {
        this.verifier = verifier;
        this.service = service;
        this.cpu = cpu;
        this.observer = observer;
        this.limits = new BatchBodyReader.Limits(config.batch().maxBodySize().asLongValue(), config.batch().maxItems(),
                config.request().maxBodySize().asLongValue());
        this.chunkSize = config.batch().chunkSize();
        this.deadline = config.request().deadline();
        this.readTimeout = config.request().readTimeout();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-101).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        long start = System.nanoTime();
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        RequestHeaders headers = Exchanges.headers(request);
        BatchBodyReader.read(request, limits)
                .ifNoItem().after(readTimeout).failWith(ErrorCode.REQUEST_TIMEOUT::exception)
                .flatMap(files -> verifier.authenticate(headers).map(caller -> new Batch(caller, files, headers.sourceIp())))
                .subscribe().with(
                        batch -> {
                            response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/x-ndjson");
                            new Run(batch, response, start).next(0);
                        },
                        failure -> {
                            ApiException error = Failures.classify(failure);
                            Exchanges.fail(request, response, error);
                            observer.finished(ENDPOINT, error.code().code(), error.code().status(), null, null, start);
                        });
    }

    /** An authenticated batch. */
    private record Batch(Credentials caller, List<BatchFile> files, String sourceIp) {
    }

    /** One batch being worked through, chunk after chunk. */
    private final class Run {
        private final Batch batch;
        private final HttpServerResponse response;
        private final long start;
        private ApiException abort;

        Run(Batch batch, HttpServerResponse response, long start) {
            this.batch = batch;
            this.response = response;
            this.start = start;
        }

        void next(int from) {
            if (response.closed()) {
                return; // The client went away: stop working for nobody.
            }
            if (from >= batch.files().size()) {
                response.end();
                observer.finished(ENDPOINT, "completed", 200, batch.caller().companyId(), null, start);
                return;
            }
            List<BatchFile> chunk = batch.files().subList(from, Math.min(from + chunkSize, batch.files().size()));
            process(chunk).subscribe().with(results -> {
                results.forEach(this::write);
                if (response.writeQueueFull()) {
                    response.drainHandler(ignored -> next(from + chunk.size()));
                } else {
                    next(from + chunk.size());
                }
            }, failure -> {
                // Only a fault of this code gets here; answer what is left as such and end the stream.
                chunk.forEach(file -> write(ItemResult.failed(file.index(), null, Failures.classify(failure))));
                response.end();
            });
        }

        private Uni<List<ItemResult>> process(List<BatchFile> chunk) {
            if (abort != null) {
                return Uni.createFrom().item(chunk.stream().map(f -> ItemResult.failed(f.index(), null, abort)).toList());
            }
            return cpu.offload(() -> verify(chunk))
                    .flatMap(this::sameCompany)
                    .flatMap(verified -> service.deactivate(batch.caller().companyId(), verified.accepted, batch.sourceIp())
                            .ifNoItem().after(deadline).failWith(() -> ErrorCode.SERVICE_UNAVAILABLE.exception(
                                    "The batch chunk did not complete in time; retry its files."))
                            .onFailure().recoverWithItem(failure -> {
                                // The database is away: this chunk and every later one get 503, at once.
                                abort = Failures.classify(failure);
                                return verified.accepted.stream().map(item -> ItemResult.failed(item.index(),
                                        item.request().payload().requestId(), abort)).toList();
                            })
                            .map(results -> merge(verified.refused, results)));
        }

        private Verified verify(List<BatchFile> chunk) {
            Verified verified = new Verified();
            for (BatchFile file : chunk) {
                try {
                    verified.checked.add(new IndexedChecked(file.index(), verifier.checkFile(batch.caller(), file.decode())));
                } catch (ApiException e) {
                    verified.refused.add(ItemResult.failed(file.index(), null, e));
                }
            }
            return verified;
        }

        private Uni<Verified> sameCompany(Verified verified) {
            List<Uni<Void>> checks = new ArrayList<>();
            for (IndexedChecked item : verified.checked) {
                checks.add(verifier.checkSameCompany(item.checked())
                        .invoke(request -> verified.accepted.add(new IndexedRequest(item.index(), request)))
                        .onFailure(ApiException.class).invoke(e -> verified.refused.add(ItemResult.failed(item.index(),
                                item.checked().request().payload().requestId(), (ApiException) e)))
                        .onFailure(ApiException.class).recoverWithNull()
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

        private List<ItemResult> merge(List<ItemResult> refused, List<ItemResult> results) {
            List<ItemResult> all = new ArrayList<>(refused);
            all.addAll(results);
            all.sort(Comparator.comparingInt(ItemResult::index));
            return all;
        }

        private void write(ItemResult result) {
            JsonObject line = new JsonObject().put("index", result.index());
            if (result.requestId() != null) {
                line.put("request_id", result.requestId());
            }
            if (result.error() == null) {
                line.put("status", 200).put("result", DeactivateOfflineRoute.DEACTIVATED);
                observer.batchItem(result.outcome() == Outcome.REPLAYED ? "replayed" : "deactivated");
            } else {
                line.put("status", result.error().code().status()).put("code", result.error().code().code())
                        .put("message", result.error().getMessage());
                observer.batchItem(result.error().code().code());
            }
            response.write(line.toBuffer().appendString("\n"));
        }
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
