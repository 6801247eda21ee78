package io.keyhold.connector.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Encrypt-then-decrypt round trips of random plaintexts and AADs on many threads released at once. */
final class ParallelRoundTrips {

    /** Encrypts and decrypts, returning what came back. */
    interface RoundTrip {
        byte[] apply(byte[] plaintext, byte[] aad);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private ParallelRoundTrips() {
    }

    /** Asserts that every one of {@code roundTrips} round trips on each of {@code threads} threads comes back intact. */
    static void assertIntact(int threads, int roundTrips, int maxPlaintextBytes, RoundTrip roundTrip) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    start.await();
                    int intact = 0;
                    for (int i = 0; i < roundTrips; i++) {
                        byte[] plaintext = randomBytes(1 + RANDOM.nextInt(maxPlaintextBytes));
                        byte[] aad = randomBytes(RANDOM.nextInt(64));
                        if (Arrays.equals(roundTrip.apply(plaintext, aad), plaintext)) {
                            intact++;
                        }
                    }
                    return intact;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(roundTrips);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
