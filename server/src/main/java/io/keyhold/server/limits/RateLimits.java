package io.keyhold.server.limits;

import io.keyhold.api.error.ThrottlingException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

/**
 * KMS's request quotas, counted on this node: each custom key store operation per account, and the
 * cryptographic operations on the keys of one custom key store from all accounts together. A
 * request over a quota fails at once with {@code ThrottlingException}; nothing waits for a permit.
 */
@Component
public class RateLimits {

    /** The operations KMS limits to a few requests per second for each account (kms-api.md 5.2). */
    static final Set<String> KEY_STORE_OPERATIONS = Set.of("CreateCustomKeyStore", "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore", "DescribeCustomKeyStores", "UpdateCustomKeyStore", "DeleteCustomKeyStore");

    private final RateLimiterRegistry keyStoreOperations;
    private final RateLimiterRegistry cryptoOperations;
    /** The second in which each limiter last logged a rejection: one log line per limiter and second. */
    private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();

    public RateLimits(LimitsProperties limits) {
        this.keyStoreOperations = RateLimiterRegistry.of(perSecond(limits.keyStoreOperationsPerSecond()));
        this.cryptoOperations = RateLimiterRegistry.of(perSecond(limits.cryptoOperationsPerSecond()));
    }

    /** Counts a request to {@code operation}; only the custom key store operations are limited. */
    public void admitOperation(String accountId, String operation) {
        if (KEY_STORE_OPERATIONS.contains(operation)) {
            admit(keyStoreOperations.rateLimiter(accountId + "/" + operation));
        }
    }

    /** Counts a cryptographic request on a key in (or the cluster of) custom key store {@code storeId}. */
    public void admitCrypto(String storeId) {
        if (storeId != null) {
            admit(cryptoOperations.rateLimiter(storeId));
        }
    }

    private void admit(RateLimiter limiter) {
        if (!limiter.acquirePermission()) {
            long second = Instant.now().getEpochSecond();
            AtomicLong logged = lastLogged.computeIfAbsent(limiter.getName(), name -> new AtomicLong());
            long previous = logged.get();
            if (previous != second && logged.compareAndSet(previous, second)) {
                SecurityLog.rejected("rate exceeded for " + limiter.getName());
            }
            throw new ThrottlingException("Rate exceeded");
        }
    }

    private static RateLimiterConfig perSecond(int permits) {
        return RateLimiterConfig.custom()
                .limitForPeriod(permits)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
