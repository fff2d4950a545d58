package dev.licensegateway.deactivation;

import dev.licensegateway.store.BoundedWaits;
import dev.licensegateway.store.Deactivation;
import dev.licensegateway.store.Decision;
import dev.licensegateway.store.DecisionStore;
import dev.licensegateway.store.TimeSplit;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Single files of one license, one transaction at a time: every deactivation of a license takes its row lock
 * until the commit, so files of a hot license (a plant decommissioning its fleet) would otherwise queue on the
 * lock, one commit each. Instead, while one transaction of a license is in flight, the files that arrive for
 * it wait here, and the next transaction decides all of them (up to {@link #MAX_GROUP}) set-wise, as a batch
 * chunk does: one commit for the group. Each file is still decided on its own, in arrival order, by the same
 * core. If a group's transaction fails (lock or statement timeout, deadlock, any database error), each of its
 * files is then tried alone, so that every answer is what happened to that file. Files of different licenses
 * never wait for each other.
 */
@ApplicationScoped
public class LicenseLanes {

    static final int MAX_GROUP = 100;

    private final DecisionStore store;
    private final BoundedWaits waits;
    /** Licenses with a transaction in flight, and the files waiting for them. Guarded by itself. */
    private final Map<String, ArrayDeque<Pending>> lanes = new HashMap<>();

    public LicenseLanes(DecisionStore store, BoundedWaits waits) {
        this.store = store;
        this.waits = waits;
    }

    private record Pending(String sourceIp, Deactivation file, TimeSplit split, UniEmitter<? super Decision> emitter) {
    }

    public Uni<Decision> decide(String companyId, String sourceIp, Deactivation file, TimeSplit split) {
        String key = companyId + '\u0000' + file.product() + '\u0000'
                + (file.licenseKey() != null ? "k" + file.licenseKey() : "u" + file.username());
        return Uni.createFrom().emitter(emitter -> {
            split.queued();
            Pending pending = new Pending(sourceIp, file, split, emitter);
            boolean first;
            synchronized (lanes) {
                ArrayDeque<Pending> waiting = lanes.get(key);
                first = waiting == null;
                if (first) {
                    lanes.put(key, new ArrayDeque<>());
                } else {
                    waiting.add(pending);
                }
            }
            if (first) {
                alone(companyId, List.of(pending), 0, () -> next(key, companyId));
            }
        });
    }

    /** The lane's transaction ended: the files that arrived meanwhile go next, together; or the lane closes. */
    private void next(String key, String companyId) {
        List<Pending> group = new ArrayList<>();
        synchronized (lanes) {
            ArrayDeque<Pending> waiting = lanes.get(key);
            while (!waiting.isEmpty() && group.size() < MAX_GROUP) {
                group.add(waiting.poll());
            }
            if (group.isEmpty()) {
                lanes.remove(key);
                return;
            }
        }
        if (group.size() == 1) {
            alone(companyId, group, 0, () -> next(key, companyId));
            return;
        }
        TimeSplit shared = new TimeSplit(System.nanoTime());
        waits.inOneFlight(shared, connection -> store.decideAll(connection, companyId,
                        group.stream().map(Pending::sourceIp).toList(), group.stream().map(Pending::file).toList()))
                .subscribe().with(decisions -> {
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).split().sharedTransaction(shared);
                        group.get(i).emitter().complete(decisions.get(i));
                    }
                    next(key, companyId);
                }, failure -> {
                    if (FileByFile.unreachable(failure)) {
                        group.forEach(p -> p.emitter().fail(failure));
                        next(key, companyId);
                    } else {
                        alone(companyId, group, 0, () -> next(key, companyId));
                    }
                });
    }

    /** Files {@code i…} of {@code files}, each in a transaction of its own, one after the other. */
    private void alone(String companyId, List<Pending> files, int i, Runnable done) {
        if (i == files.size()) {
            done.run();
            return;
        }
        Pending p = files.get(i);
        waits.inOneFlight(p.split(), connection -> store.decide(connection, companyId, p.sourceIp(), p.file(), p.split()))
                .subscribe().with(decision -> {
                    p.emitter().complete(decision);
                    alone(companyId, files, i + 1, done);
                }, failure -> {
                    p.emitter().fail(failure);
                    alone(companyId, files, i + 1, done);
                });
    }
}
