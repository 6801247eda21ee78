package io.keyhold.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.xksproxy.support.XksClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Demo mode with {@code --plain-http}: the same proxy over plain HTTP on 127.0.0.1. */
class DemoModePlainHttpTest extends DemoModeChecks {

    @Override
    boolean plainHttp() {
        return true;
    }

    @Override
    XksClient client(Path dataDir) {
        return XksClient.plainHttp();
    }

    @Override
    String endpoint(int listenPort) {
        return "http://127.0.0.1:" + listenPort;
    }

    @Test
    void noTlsMaterialIsMade() {
        assertThat(dataDir.resolve(DemoMode.KEYSTORE)).isRegularFile();
        assertThat(dataDir.resolve(DemoMode.CA_CERTIFICATE)).doesNotExist();
        assertThat(dataDir.resolve(DemoMode.TLS_DIRECTORY)).doesNotExist();
    }

    @Test
    void curlReachesItOverPlainHttp() throws Exception {
        String health = DemoModeTest.curl(List.of("-H", "Content-Type: application/json",
                "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
                "--user", DemoMode.ACCESS_KEY_ID + ":" + DemoMode.SECRET_ACCESS_KEY,
                "-d", "{\"requestMetadata\":{\"kmsRequestId\":\"1\",\"kmsOperation\":\"KmsHealthCheck\"}}",
                "http://127.0.0.1:" + port + DemoMode.URI_PATH + "/health"));
        assertThat(health).contains("\"healthStatus\":\"ACTIVE\"");
    }
}
