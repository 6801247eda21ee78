package io.keyhold.xksproxy.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class CdivTest {

    /** The worked example of the XKS spec, Appendix C. */
    @Test
    void matchesTheSpecExample() {
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] digest = Cdiv.sha256(
                b64.decode("cHJvamVjdD1uaWxlLGRlcGFydG1lbnQ9bWFya2V0aW5n"),
                b64.decode("a2V5X3ZlcnNpb249MQ=="),
                b64.decode("HMrlRw85cAJUd5Ax"),
                b64.decode("ghxkK1txeDNn3q8Y"),
                b64.decode("vBxN2ncH1oEkR8WVXpmyYQ=="));
        assertThat(Base64.getEncoder().encodeToString(digest)).isEqualTo("qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=");
    }

    @Test
    void absentAadAndMetadataContributeNothing() {
        byte[] iv = new byte[12];
        byte[] withEmpty = Cdiv.sha256(new byte[0], new byte[0], iv, new byte[] {1, 2}, new byte[16]);
        byte[] ivFirst = Cdiv.sha256(iv, new byte[0], new byte[0], new byte[] {1, 2}, new byte[16]);
        assertThat(withEmpty).isEqualTo(ivFirst);
    }
}
