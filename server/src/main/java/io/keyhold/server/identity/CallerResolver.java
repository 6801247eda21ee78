package io.keyhold.server.identity;

import io.keyhold.api.error.ExpiredTokenException;
import io.keyhold.api.error.IncompleteSignatureException;
import io.keyhold.api.error.InvalidSignatureException;
import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.UnrecognizedClientException;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.sigv4.SigV4;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Authenticates a request with AWS Signature Version 4 for service {@code kms} in
 * {@code keyhold.region}, header or presigned form, and finds the caller it was signed as. Every
 * failure is logged to {@code io.keyhold.security} (request id, access key id, error, source) and
 * raised as the error AWS's front end sends.
 */
@Component
public class CallerResolver {

    static final String SERVICE = "kms";
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid";

    private static final Logger securityLog = LoggerFactory.getLogger("io.keyhold.security");

    private final Identities identities;
    private final String region;
    private final Clock clock;

    @Autowired
    public CallerResolver(Identities identities, KeyholdProperties properties) {
        this(identities, properties.region(), Clock.systemUTC());
    }

    CallerResolver(Identities identities, String region, Clock clock) {
        this.identities = identities;
        this.region = region;
        this.clock = clock;
    }

    /**
     * The caller that signed this request; {@code body} is the exact body received and
     * {@code requestId} names the request in the security log.
     */
    public Caller resolve(HttpServletRequest request, byte[] body, String requestId) {
        SignedRequest signed = SignedRequest.of(request, body);
        Optional<String> accessKeyId = Optional.empty();
        try {
            SignatureClaim claim = SignatureClaim.of(signed);
            accessKeyId = Optional.of(claim.accessKeyId());
            return verify(signed, claim);
        } catch (KmsException failure) {
            securityLog.warn("Authentication failed: requestId={} accessKeyId={} error={} source={}", requestId,
                    accessKeyId.orElse("-"), failure.errorName(), request.getRemoteAddr());
            throw failure;
        }
    }

    private Caller verify(SignedRequest request, SignatureClaim claim) {
        Instant now = clock.instant();
        checkTime(claim, now);
        if (claim.signedHeaders().stream().noneMatch(name -> name.equalsIgnoreCase("host"))) {
            throw new InvalidSignatureException("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!claim.algorithm().equals(SigV4.ALGORITHM)) {
            throw new IncompleteSignatureException("Unsupported AWS 'algorithm': '" + claim.algorithm()
                    + "' (only " + SigV4.ALGORITHM + " for now). ");
        }
        checkScope(claim.scope(), claim.amzDate());
        KeyholdProperties.Credential credential = identities.find(claim.accessKeyId())
                .orElseThrow(() -> new UnrecognizedClientException(INVALID_TOKEN + "."));
        String rawQuery = claim.expires().isPresent() ? request.rawQueryWithout("X-Amz-Signature") : request.rawQuery();
        String canonicalRequest = SigV4.canonicalRequest(request.method(), request.rawPath(), rawQuery,
                signedHeaders(request, claim.signedHeaders()), SigV4.payloadHash(request.body()));
        String expected = SigV4.signature(credential.secretAccessKey(), claim.amzDate(), region, SERVICE, canonicalRequest);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                claim.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidSignatureException(SIGNATURE_MISMATCH);
        }
        checkSessionToken(credential, claim.sessionToken(), now);
        return Caller.of(credential);
    }

    /** Header form: within 15 minutes of the server's clock; presigned form: not yet expired. */
    private void checkTime(SignatureClaim claim, Instant now) {
        Instant signedAt = claim.signedAt();
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new InvalidSignatureException("Signature not yet current: " + claim.amzDate() + " is still later than "
                    + SigV4.amzDate(now.plus(MAX_CLOCK_SKEW)) + " (" + SigV4.amzDate(now) + " + 15 min.)");
        }
        if (claim.expires().isPresent()) {
            Duration expires = claim.expires().get();
            if (signedAt.isBefore(now.minus(expires))) {
                throw new InvalidSignatureException("Signature expired: " + claim.amzDate() + " is now earlier than "
                        + SigV4.amzDate(now.minus(expires)) + " (" + SigV4.amzDate(now) + " - " + expires.toSeconds()
                        + " sec.)");
            }
        } else if (signedAt.isBefore(now.minus(MAX_CLOCK_SKEW))) {
            throw new InvalidSignatureException("Signature expired: " + claim.amzDate() + " is now earlier than "
                    + SigV4.amzDate(now.minus(MAX_CLOCK_SKEW)) + " (" + SigV4.amzDate(now) + " - 15 min.)");
        }
    }

    private void checkScope(List<String> scope, String amzDate) {
        List<String> problems = new ArrayList<>();
        if (!scope.get(2).equals(region)) {
            problems.add("Credential should be scoped to a valid region, not '" + scope.get(2) + "'.");
        }
        if (!scope.get(3).equals(SERVICE)) {
            problems.add("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        if (!scope.get(4).equals("aws4_request")) {
            problems.add("Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope.get(4) + "'.");
        }
        if (!scope.get(1).equals(amzDate.substring(0, 8))) {
            problems.add("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope.get(1) + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSignatureException(String.join(" ", problems));
        }
    }

    /** A temporary credential needs its own token until it expires; a long-term one takes none. */
    private static void checkSessionToken(KeyholdProperties.Credential credential, Optional<String> token, Instant now) {
        boolean matches = credential.sessionToken() == null ? token.isEmpty()
                : token.isPresent() && MessageDigest.isEqual(credential.sessionToken().getBytes(StandardCharsets.UTF_8),
                        token.get().getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            throw new UnrecognizedClientException(INVALID_TOKEN);
        }
        if (credential.expiresAt() != null && !now.isBefore(credential.expiresAt())) {
            throw new ExpiredTokenException("The security token included in the request is expired");
        }
    }

    /** The signed headers' values as sent; one the request lacks is signed as empty, so it cannot match. */
    private static SortedMap<String, List<String>> signedHeaders(SignedRequest request, List<String> names) {
        SortedMap<String, List<String>> headers = new TreeMap<>();
        for (String name : names) {
            String lowerCase = name.toLowerCase(Locale.ROOT);
            headers.put(lowerCase, request.header(lowerCase));
        }
        return headers;
    }
}
