package dev.licensegateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every tuning knob of the gateway; each key and default is listed in the README. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Admin admin();

    Secrets secrets();

    Request request();

    Demo demo();

    CredentialCache credentialCache();

    Verification verification();

    Batch batch();

    OAuth oauth();

    RateLimit rateLimit();

    Database database();

    Mutiny mutiny();

    interface Admin {
        /** Bearer token of the admin API (env GATEWAY_ADMIN_TOKEN). Without one the admin API is closed. */
        Optional<String> token();
    }

    interface Secrets {
        /**
         * Base64 of 32 bytes: the AES-256-GCM key that encrypts shared keys and OAuth client secrets at
         * rest (env GATEWAY_SECRETS_ENCRYPTION_KEY). Required unless the demo database is running.
         */
        Optional<String> encryptionKey();
    }

    interface Request {
        /** Largest accepted request body; larger bodies get 413 without being buffered. */
        @WithDefault("64K")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** How far the Date header may be from server time. */
        @WithDefault("15M")
        Duration dateTolerance();

        /**
         * How long verification and the database may take once the body is read; past it the answer is
         * 503 service_unavailable with Retry-After (the database being away, the pool exhausted, a lock held).
         */
        @WithDefault("5S")
        Duration deadline();

        /**
         * How long a request body (a batch's too) may take to arrive; past it 408 request_timeout and the
         * connection closes.
         */
        @WithDefault("60S")
        Duration readTimeout();

        /**
         * A single-file deactivation slower than this leaves one INFO line saying where its time went (body read,
         * verification, license lane, pool wait, the decision statement and its lock wait, commit).
         */
        @WithDefault("1S")
        Duration slowThreshold();
    }

    interface CredentialCache {
        /** How many API keys' credentials each replica keeps. */
        @WithDefault("10000")
        long maxSize();

        /** How long known credentials are kept; changes also evict them at once (LISTEN/NOTIFY). */
        @WithDefault("5M")
        Duration ttl();

        /** How long an unknown API key is remembered, so a flood of them does not reach the database. */
        @WithDefault("30S")
        Duration negativeTtl();

        /**
         * Reactive URL of the session that LISTENs for credential changes. Defaults to
         * quarkus.datasource.reactive.url; set it to the primary when requests go through a
         * transaction-mode pooler, which does not keep LISTEN.
         */
        Optional<String> listenUrl();
    }

    interface Mutiny {
        /**
         * SmallRye Context Propagation around every Mutiny operator (capture and restore of the MicroProfile
         * thread contexts). Off by default: the gateway's code finds its request context and database session
         * through the Vert.x context, and returns to it explicitly after every hop off the event loop.
         */
        @WithDefault("false")
        boolean contextPropagation();
    }

    interface Verification {
        /** Where signature verification runs: WORKER (bounded worker pool, the default) or EVENT_LOOP (inline). */
        @WithDefault("WORKER")
        VerificationPlacement placement();

        /** Threads of the verification worker pool (also used for password hashing and batches). */
        @WithDefault("2")
        int workerThreads();

        /** Tasks that may wait for the worker pool; beyond that requests get 503 instead of queueing without bound. */
        @WithDefault("4096")
        int maxQueued();
    }

    /**
     * Bounded waits inside PostgreSQL for the License API's transactions (set with {@code SET LOCAL} in each
     * one, so they hold behind a transaction-mode pooler too). Both stay below {@code request.deadline}: the
     * database gives up, rolls back and frees the connection before the client is told to retry (503).
     */
    interface Database {
        /** Longest wait for a row lock (a license locked by another deactivation or a devices:bulk upload). */
        @WithDefault("2S")
        Duration lockTimeout();

        /** Longest run of one statement. */
        @WithDefault("4S")
        Duration statementTimeout();
    }

    interface Batch {
        /** Most request files in one batch; more is 413 before any work starts. */
        @WithDefault("10000")
        int maxItems();

        /** Largest batch body; more is 413 before any work starts (each file also obeys request.max-body-size). */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Files verified and written together: one transaction and a few round trips per chunk. */
        @WithDefault("100")
        int chunkSize();
    }

    interface OAuth {
        /**
         * Base64 HMAC keys that sign access tokens; the first signs, all verify, so a key can be rotated
         * without logging clients out. Unset: one key derived from gateway.secrets.encryption-key, the same
         * on every replica.
         */
        Optional<java.util.List<String>> tokenKeys();

        /** Lifetime of an access token (the vendor's is 480 s; its SDK refreshes on oauth_token_expired). */
        @WithDefault("480S")
        Duration tokenTtl();

        /**
         * Public base URL of this gateway (e.g. https://licenses.example.com) that oauth_url answers with,
         * whatever the request's Host says. Set it in production.
         */
        Optional<String> publicUrl();

        /**
         * Without a public URL: the hosts (host or host:port) oauth_url may name, as the request states them
         * after quarkus.http.proxy.* has applied the forwarded headers it trusts. Any other host is refused
         * with 400, so a forged Host never becomes the address an SDK sends its client secret to.
         */
        Optional<java.util.List<String>> allowedHosts();
    }

    interface RateLimit {
        /**
         * Requests per second each API key or OAuth client may make on one replica (a batch counts once);
         * beyond, 429 rate_limited with Retry-After. 0 turns the limit off.
         */
        @WithDefault("0")
        double perKey();

        /** Requests a key may make at once above its rate (the bucket size). */
        @WithDefault("50")
        int burst();
    }

    interface Demo {
        /** Load the demo dataset at start and print a ready-to-paste request (set by the run mode). */
        @WithDefault("false")
        boolean enabled();
    }
}
