package io.keyhold.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Cases of the AWS Signature Version 4 test suite, and the XKS request shape KMS signs. */
class SigV4Test {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String AMZ_DATE = "20150830T123600Z";

    private static SortedMap<String, List<String>> hostAndDate() {
        SortedMap<String, List<String>> headers = new TreeMap<>();
        headers.put("host", List.of("example.amazonaws.com"));
        headers.put("x-amz-date", List.of(AMZ_DATE));
        return headers;
    }

    @Test
    void signsTheTestSuitesVanillaGet() {
        String canonical = SigV4.canonicalRequest("GET", "/", "", hostAndDate(), SigV4.payloadHash(new byte[0]));
        assertThat(SigV4.signature(SECRET, AMZ_DATE, "us-east-1", "service", canonical))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void signsTheTestSuitesGetWithSortedQueryParameters() {
        String canonical = SigV4.canonicalRequest("GET", "/", "Param2=value2&Param1=value1", hostAndDate(),
                SigV4.payloadHash(new byte[0]));
        assertThat(SigV4.signature(SECRET, AMZ_DATE, "us-east-1", "service", canonical))
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void signsTheTestSuitesVanillaPostWithABody() {
        SortedMap<String, List<String>> headers = hostAndDate();
        headers.put("content-type", List.of("application/x-www-form-urlencoded"));
        String canonical = SigV4.canonicalRequest("POST", "/", "", headers,
                SigV4.payloadHash("Param1=value1".getBytes(StandardCharsets.UTF_8)));
        assertThat(SigV4.signature(SECRET, AMZ_DATE, "us-east-1", "service", canonical))
                .isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    @Test
    void buildsTheAuthorizationHeaderOverTheNamedHeaders() {
        assertThat(SigV4.authorization("AKIDEXAMPLE", AMZ_DATE, "us-east-1", "kms-xks-proxy", List.of("host", "x-amz-date"),
                "abc")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/kms-xks-proxy/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc");
        assertThat(SigV4.amzDate(Instant.parse("2015-08-30T12:36:00.789Z"))).isEqualTo(AMZ_DATE);
    }
}
