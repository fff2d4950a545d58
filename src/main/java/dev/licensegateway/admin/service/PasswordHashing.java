package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.crypto.PasswordHasher;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hashes the passwords of an import's users in parallel on a small pool of its own: each hash costs
 * 0.1-0.3 s of CPU by design, so a thousand users would take minutes on one thread, and the shared
 * worker pool must stay free for requests. Users without a password get no hash.
 */
@ApplicationScoped
public class PasswordHashing {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS);
    private final ExecutorService pool;

    public PasswordHashing(ImportSettings settings) {
        int threads = settings.passwordHashThreads().orElse(Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "import-password-hash");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Blocking: call it on a worker thread. Keys are the very user records given (identity, not equality). */
    public Map<User, String> hashAll(List<User> users) {
        List<Future<String>> hashes = new ArrayList<>(users.size());
        for (User user : users) {
            hashes.add(pool.submit(() -> hasher.hash(user.password())));
        }
        Map<User, String> result = new IdentityHashMap<>();
        try {
            for (int i = 0; i < users.size(); i++) {
                result.put(users.get(i), hashes.get(i).get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing passwords");
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
        return result;
    }

    /** Whether the password matches the stored hash, checked on this pool; the answer arrives on the caller's context. */
    public Uni<Boolean> matches(String password, String storedHash) {
        Context caller = Vertx.currentContext();
        Uni<Boolean> check = Uni.createFrom().item(() -> storedHash != null && PasswordHasher.verify(password, storedHash))
                .runSubscriptionOn(pool);
        return caller == null ? check : check.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
