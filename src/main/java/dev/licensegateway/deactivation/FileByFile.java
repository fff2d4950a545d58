package dev.licensegateway.deactivation;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.TimeSplit;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a batch chunk whose set-based transaction failed, applied each alone through the single-file
 * path, in batch order, so that each answer is what happened to that file. A file whose license stayed locked
 * past the lock timeout answers 503, and so do the chunk's later files of that license, without waiting again;
 * once the database is found unreachable, the rest answer 503 without being tried.
 */
@ApplicationScoped
public class FileByFile {

    private final DeactivationService single;
    private final Duration deadline;

    public FileByFile(DeactivationService single, GatewayConfig config) {
        this.single = single;
        this.deadline = config.request().deadline();
    }

    Uni<BatchDeactivationService.ChunkOutcome> apply(List<IndexedRequest> items, String sourceIp) {
        Set<String> lockedOut = new HashSet<>();
        boolean[] unreachable = {false};
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> {
                    DeactivationPayload p = item.request().payload();
                    String license = p.product() + '\u0000' + p.licenseIdentity() + (p.userBased() ? "u" : "k");
                    if (unreachable[0] || lockedOut.contains(license)) {
                        return Uni.createFrom().item(ItemResult.failed(item.index(), p.requestId(),
                                ErrorCode.SERVICE_UNAVAILABLE.exception()));
                    }
                    return single.deactivateChecked(item.request(), sourceIp, new TimeSplit(System.nanoTime()))
                            .ifNoItem().after(deadline).failWith(DatabaseSilent::new)
                            .map(outcome -> ItemResult.of(item.index(), p.requestId(), outcome))
                            .onFailure().recoverWithItem(failure -> {
                                if (unreachable(failure)) {
                                    unreachable[0] = true;
                                } else if (isLockTimeout(failure)) {
                                    lockedOut.add(license);
                                }
                                return ItemResult.failed(item.index(), p.requestId(), Failures.classify(failure));
                            });
                })
                .collect().asList()
                .map(results -> new BatchDeactivationService.ChunkOutcome(results, unreachable[0]));
    }

    static List<ItemResult> unavailable(List<IndexedRequest> items) {
        return items.stream().map(item -> ItemResult.failed(item.index(), item.request().payload().requestId(),
                ErrorCode.SERVICE_UNAVAILABLE.exception())).toList();
    }

    /** The database cannot be reached, or gave no answer at all within the deadline. */
    static boolean unreachable(Throwable failure) {
        return failure instanceof DatabaseSilent || Failures.isDatabaseUnreachable(failure);
    }

    private static boolean isLockTimeout(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg && "55P03".equals(pg.getSqlState());
    }

    /** The database gave no answer within the deadline, not even an error: treated as unreachable. */
    static final class DatabaseSilent extends RuntimeException {
        DatabaseSilent() {
            super("the database did not answer within the deadline", null, false, false);
        }
    }
}
