package io.keyhold.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyhold.api.error.ThrottlingException;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RateLimitsTest {

    private final RateLimits limits = new RateLimits(
            new LimitsProperties(DataSize.ofKilobytes(256), 16, 140_000, 64, 2, 3));

    @Test
    void cryptoRequestsShareOneQuotaPerStoreWhateverTheAccount() {
        for (int i = 0; i < 3; i++) {
            limits.admitCrypto("cks-1");
        }
        Throwable throttled = catchThrowable(() -> limits.admitCrypto("cks-1"));
        assertThat(throttled).isInstanceOf(ThrottlingException.class).hasMessage("Rate exceeded");
        assertThatCode(() -> limits.admitCrypto("cks-2")).doesNotThrowAnyException();
    }

    @Test
    void keyStoreOperationsAreCountedPerAccountAndOperation() {
        limits.admitOperation("111111111111", "CreateCustomKeyStore");
        limits.admitOperation("111111111111", "CreateCustomKeyStore");
        assertThat(catchThrowable(() -> limits.admitOperation("111111111111", "CreateCustomKeyStore")))
                .isInstanceOf(ThrottlingException.class);
        assertThatCode(() -> limits.admitOperation("111111111111", "DeleteCustomKeyStore")).doesNotThrowAnyException();
        assertThatCode(() -> limits.admitOperation("222222222222", "CreateCustomKeyStore")).doesNotThrowAnyException();
    }

    @Test
    void otherOperationsAreNotLimited() {
        assertThatCode(() -> {
            for (int i = 0; i < 10; i++) {
                limits.admitOperation("111111111111", "ListKeys");
            }
        }).doesNotThrowAnyException();
    }
}
