package io.keyhold.server.testsupport;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The real AWS SDK for Java v2 KMS client, pointed at a Keyhold server. */
public final class KmsClients {

    private KmsClients() {
    }

    /** Signs as {@code accessKeyId} with the secret {@link KeyholdTestProperties} declared for it. */
    public static KmsClient forPort(int port, String accessKeyId) {
        return signingWith(port, AwsBasicCredentials.create(accessKeyId, KeyholdTestProperties.secretOf(accessKeyId)));
    }

    public static KmsClient forPort(int port) {
        return forPort(port, KeyholdTestProperties.DEFAULT_ACCESS_KEY);
    }

    /** Signs with exactly these credentials (a wrong secret, a session token). */
    public static KmsClient signingWith(int port, AwsCredentials credentials) {
        return KmsClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
