package dev.licensegateway.verify;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.config.VerificationPlacement;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Where the CPU-bound verification runs: inline on the event loop (a few microseconds, no hand-off), or
 * on a bounded worker pool ({@code gateway.verification.placement}). Work that is slow by design
 * (password hashing, batch verification) always goes through {@link #offload}.
 */
@ApplicationScoped
public class CpuStage {

    private final VerificationPlacement placement;
    private final WorkerExecutor workers;
    private final int maxQueued;
    private final AtomicInteger queued = new AtomicInteger();

    public CpuStage(Vertx vertx, GatewayConfig config) {
        this.placement = config.verification().placement();
        this.workers = vertx.createSharedWorkerExecutor("gateway-verification", config.verification().workerThreads());
        this.maxQueued = config.verification().maxQueued();
    }

    /** Runs verification work where configured. */
    public <T> Uni<T> run(Supplier<T> work) {
        if (placement == VerificationPlacement.EVENT_LOOP) {
            return Uni.createFrom().item(work);
        }
        return offload(work::get);
    }

    /** Always on the worker pool; past {@code max-queued} tasks waiting, a 503 rather than an unbounded queue. */
    public <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                return Uni.createFrom().failure(ErrorCode.SERVICE_UNAVAILABLE.exception());
            }
            return Uni.createFrom().completionStage(workers.<T>executeBlocking(work, false).toCompletionStage())
                    .onTermination().invoke(queued::decrementAndGet);
        });
    }

    @PreDestroy
    void close() {
        workers.close();
    }
}
