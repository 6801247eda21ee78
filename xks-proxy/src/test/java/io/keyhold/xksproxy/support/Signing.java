package io.keyhold.xksproxy.support;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/** How a test request is signed: with the AWS SDK for Java v2, as KMS signs or as the SDK's current signer does. */
public interface Signing {

    String SERVICE = "kms-xks-proxy";

    /** Headers to add to the request (Authorization, X-Amz-Date, ...), computed over {@code extraHeaders} too. */
    Map<String, List<String>> sign(String method, URI uri, Map<String, String> extraHeaders, byte[] body);

    static Signing none() {
        return (method, uri, extraHeaders, body) -> Map.of();
    }

    /**
     * The SDK's {@code Aws4Signer} signs every header it is given plus host and x-amz-date: with no extra
     * headers that is KMS's {@code host;x-amz-date}; with content-type it is curl's set.
     */
    @SuppressWarnings("deprecation") // Aws4Signer is the SDK signer that does not add x-amz-content-sha256
    static Signing legacySdk(String accessKeyId, String secret, String region, Clock clock) {
        return (method, uri, extraHeaders, body) -> {
            SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                    .method(SdkHttpMethod.fromValue(method)).uri(uri)
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body));
            extraHeaders.forEach(request::putHeader);
            SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), Aws4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(accessKeyId, secret))
                    .signingName(SERVICE).signingRegion(Region.of(region)).signingClockOverride(clock).build());
            return withoutHost(signed.headers());
        };
    }

    static Signing kms(String accessKeyId, String secret) {
        return legacySdk(accessKeyId, secret, "us-east-1", Clock.systemUTC());
    }

    /** The SDK's {@code AwsV4HttpSigner}, which also signs {@code x-amz-content-sha256}. */
    static Signing sdkV4(String accessKeyId, String secret, Clock clock) {
        return (method, uri, extraHeaders, body) -> {
            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
            extraHeaders.forEach(request::putHeader);
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
            return withoutHost(signed.headers());
        };
    }

    /** The HTTP client sets Host itself, to the same value the signers derived from the URI. */
    private static Map<String, List<String>> withoutHost(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.remove("Host");
        return copy;
    }
}
