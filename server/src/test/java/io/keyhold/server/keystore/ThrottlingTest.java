package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.HostileInputTest.assertError;
import static io.keyhold.server.keystore.TestAccount.THROTTLED;
import static io.keyhold.server.keystore.TestAccount.UNTHROTTLED;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** KMS's quota of 5 requests per second for each custom key store operation and account, as configured by default. */
class ThrottlingTest extends KeyholdEndToEndTest {

    @DynamicPropertySource
    static void defaultLimits(DynamicPropertyRegistry registry) throws IOException {
        // a second server: its own cluster files, so the shared server's trust anchors stay in place
        Path dataDir = Files.createTempDirectory("keyhold-throttling");
        registry.add("keyhold.data-dir", dataDir::toString);
        // the test configuration raises the limits for every other test; these are the defaults
        registry.add("keyhold.limits.key-store-operations-per-second", () -> "5");
        registry.add("keyhold.limits.crypto-operations-per-second", () -> "1800");
    }

    @Test
    void aBurstOverFivePerSecondIsThrottledForThatAccountAndOperationOnly() {
        RawKmsHttp raw = raw();
        List<HttpResponse<String>> burst = new ArrayList<>();
        // 20 back-to-back calls take far less than two seconds, so at most 10 can be admitted
        for (int i = 0; i < 20; i++) {
            burst.add(raw.call(THROTTLED, "DescribeCustomKeyStores", "{}"));
        }
        List<HttpResponse<String>> throttled = burst.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(throttled).isNotEmpty();
        assertThat(burst.stream().filter(r -> r.statusCode() == 200).count()).isGreaterThanOrEqualTo(5);
        for (HttpResponse<String> response : throttled) {
            assertError(response, 400, "ThrottlingException");
            assertThat(RawKmsHttp.json(response).get("message").textValue()).isEqualTo("Rate exceeded");
        }
        // other operations of the same account and the same operation of other accounts have their own quota
        HttpResponse<String> otherOperation = raw.call(THROTTLED, "ConnectCustomKeyStore",
                "{\"CustomKeyStoreId\": \"cks-00000000000000000\"}");
        assertError(otherOperation, 400, "CustomKeyStoreNotFoundException");
        assertThat(raw.call(UNTHROTTLED, "DescribeCustomKeyStores", "{}").statusCode()).isEqualTo(200);
        assertThat(raw.call(THROTTLED, "ListKeys", "{}").statusCode()).isEqualTo(200);
    }
}
