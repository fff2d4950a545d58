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
 * Where the CPU-bound verification runs: on a bounded worker pool with a per-company cached Mac (the
 * default, {@code gateway.verification.placement=WORKER}: the event loop never computes an HMAC), or inline on
 * the event loop ({@code EVENT_LOOP}: a few microseconds, no hand-off). Work that is slow by design
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

    /**
     * Always on the worker pool; past {@code max-queued} tasks waiting, a 503 rather than an unbounded queue.
     * The Vert.x future is bridged to the emitter directly (no CompletionStage, no extra operators): the
     * hand-off is one queue offer and one return to the caller's event loop, which is what makes WORKER cost
     * about as much as inline.
     */
    public <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                emitter.fail(ErrorCode.SERVICE_UNAVAILABLE.exception());
                return;
            }
            workers.<T>executeBlocking(work, false).onComplete(result -> {
                queued.decrementAndGet();
                if (result.succeeded()) {
                    emitter.complete(result.result());
                } else {
                    emitter.fail(result.cause());
                }
            });
        });
    }

    @PreDestroy
    void close() {
        workers.close();
    }
}
