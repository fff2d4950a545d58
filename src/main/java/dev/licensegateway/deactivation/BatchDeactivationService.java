package dev.licensegateway.deactivation;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.Failures;
import dev.licensegateway.store.BoundedWaits;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.Decision;
import dev.licensegateway.store.DecisionStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Applies a chunk of verified files set-based: one transaction of one round trip for the whole chunk, yet
 * each file judged by the same decision core as a single file, independently of the others.
 * <ol>
 *   <li>passwords are checked first, in parallel on the worker pool, outside any transaction;</li>
 *   <li>one statement claims the chunk's files, locks its licenses in license-id order and calls the decision
 *       core for each file in batch order, so each is judged on the state the files before it left;</li>
 *   <li>then the transaction commits (its COMMIT went in the same flight).</li>
 * </ol>
 * Whatever makes the chunk's transaction fail (a deadlock, a lock or
 * statement timeout, any other database error) rolls all of it back, and its files then go through the
 * single-file path one by one, so that each answer is what happened to that file. Only when the database
 * cannot be reached are the files answered 503 without trying, and the batch is told to stop.
 */
@ApplicationScoped
public class BatchDeactivationService {

    private final DecisionStore store;
    private final FileByFile fileByFile;
    private final PasswordCheck passwords;
    private final BoundedWaits waits;
    private final Duration deadline;

    public BatchDeactivationService(DecisionStore store, FileByFile fileByFile, PasswordCheck passwords,
                                    BoundedWaits waits, GatewayConfig config) {
        this.store = store;
        this.fileByFile = fileByFile;
        this.passwords = passwords;
        this.waits = waits;
        this.deadline = config.request().deadline();
    }

    /** The answers of a chunk in batch order, and whether the database was found unreachable. */
    public record ChunkOutcome(List<ItemResult> results, boolean unreachable) {
    }

    public Uni<ChunkOutcome> deactivate(String companyId, List<IndexedRequest> items, String sourceIp) {
        return passwords.checkAll(companyId, items)
                .flatMap(refused -> applyRest(companyId, items, refused, sourceIp))
                // Only the password lookup can fail here: the rest recovers on its own.
                .onFailure(FileByFile::unreachable).recoverWithItem(() -> new ChunkOutcome(FileByFile.unavailable(items), true))
                .onFailure().recoverWithUni(failure -> applyRest(companyId, items, passwordFilesFail(items, failure), sourceIp));
    }

    /** The files whose password was not refused, applied; the refused ones answered; all in batch order. */
    private Uni<ChunkOutcome> applyRest(String companyId, List<IndexedRequest> items, Map<Integer, ApiException> refused,
                                        String sourceIp) {
        List<ItemResult> results = new ArrayList<>();
        List<IndexedRequest> rest = new ArrayList<>();
        for (IndexedRequest item : items) {
            ApiException error = refused.get(item.index());
            if (error != null) {
                results.add(ItemResult.failed(item.index(), item.request().payload().requestId(), error));
            } else {
                rest.add(item);
            }
        }
        return setBased(companyId, rest, sourceIp).map(outcome -> {
            results.addAll(outcome.results());
            results.sort(Comparator.comparingInt(ItemResult::index));
            return new ChunkOutcome(results, outcome.unreachable());
        });
    }

    /** The password lookup failed for another reason than an unreachable database: only password files fail. */
    private static Map<Integer, ApiException> passwordFilesFail(List<IndexedRequest> items, Throwable failure) {
        ApiException error = Failures.classify(failure);
        Map<Integer, ApiException> refused = new java.util.HashMap<>();
        items.stream().filter(i -> PasswordCheck.applies(i.request().payload()))
                .forEach(i -> refused.put(i.index(), error));
        return refused;
    }

    private Uni<ChunkOutcome> setBased(String companyId, List<IndexedRequest> items, String sourceIp) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(new ChunkOutcome(List.of(), false));
        }
        List<Deactivation> files = items.stream().map(item -> Decisions.of(item.request())).toList();
        return waits.inOneFlight(connection -> store.decideAll(connection, companyId, Collections.nCopies(files.size(), sourceIp), files))
                // A safety net for a connection that hangs without an error; PostgreSQL's own timeouts come first.
                .ifNoItem().after(deadline).failWith(FileByFile.DatabaseSilent::new)
                .map(decisions -> new ChunkOutcome(results(items, decisions), false))
                .onFailure().recoverWithUni(failure -> FileByFile.unreachable(failure)
                        ? Uni.createFrom().item(new ChunkOutcome(FileByFile.unavailable(items), true))
                        : fileByFile.apply(items, sourceIp));
    }

    private static List<ItemResult> results(List<IndexedRequest> items, List<Decision> decisions) {
        // lg_deactivate_all answers one row per file by construction. Were it ever otherwise, this failure comes
        // after the commit, and the file-by-file fallback answers each file from what is committed.
        if (decisions.size() != items.size()) {
            throw new IllegalStateException("lg_deactivate answered " + decisions.size() + " of " + items.size() + " files");
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            IndexedRequest item = items.get(i);
            String requestId = item.request().payload().requestId();
            Decision decision = decisions.get(i);
            results.add(switch (decision.outcome()) {
                case Decision.DEACTIVATED -> ItemResult.of(item.index(), requestId, Outcome.DEACTIVATED);
                case Decision.REPLAYED -> ItemResult.of(item.index(), requestId, Outcome.REPLAYED);
                default -> ItemResult.failed(item.index(), requestId, Decisions.refusal(decision));
            });
        }
        return results;
    }
}
