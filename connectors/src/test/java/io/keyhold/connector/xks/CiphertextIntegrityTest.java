package io.keyhold.connector.xks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class CiphertextIntegrityTest {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    @Test
    void matchesTheSpecsTestVector() {
        byte[] cdiv = CiphertextIntegrity.sha256(
                BASE64.decode("cHJvamVjdD1uaWxlLGRlcGFydG1lbnQ9bWFya2V0aW5n"),
                BASE64.decode("a2V5X3ZlcnNpb249MQ=="),
                BASE64.decode("HMrlRw85cAJUd5Ax"),
                BASE64.decode("ghxkK1txeDNn3q8Y"),
                BASE64.decode("vBxN2ncH1oEkR8WVXpmyYQ=="));

        assertThat(HexFormat.of().formatHex(cdiv))
                .isEqualTo("a8703f2260bd8791ec2d15ea0b23e65a0631eedcf2a13a65cc82db3f47cf5ec7");
        assertThat(Base64.getEncoder().encodeToString(cdiv)).isEqualTo("qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=");
    }

    @Test
    void absentAadAndMetadataContributeNothing() {
        byte[] iv = BASE64.decode("HMrlRw85cAJUd5Ax");
        byte[] ciphertext = BASE64.decode("ghxkK1txeDNn3q8Y");
        byte[] tag = BASE64.decode("vBxN2ncH1oEkR8WVXpmyYQ==");

        assertThat(CiphertextIntegrity.sha256(null, null, iv, ciphertext, tag))
                .isEqualTo(BASE64.decode(StubXksProxy.cdiv(iv, ciphertext, tag)));
    }
}
