package io.keyhold.server.identity;

import io.keyhold.api.error.MissingAuthenticationTokenException;
import io.keyhold.api.error.UnrecognizedClientException;
import io.keyhold.server.config.KeyholdProperties;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finds the caller from the access key id in the SigV4 {@code Authorization} header. This version
 * does not verify the signature itself (see README, "Identity").
 */
@Component
public class CallerResolver {

    private static final Logger log = LoggerFactory.getLogger(CallerResolver.class);
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    static final String DEFAULT_ACCESS_KEY = "test";

    private final Map<String, KeyholdProperties.Credential> credentials;

    public CallerResolver(KeyholdProperties properties) {
        this.credentials = properties.credentials().stream()
                .collect(Collectors.toUnmodifiableMap(KeyholdProperties.Credential::accessKeyId, Function.identity()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnAboutDefaultCredential() {
        KeyholdProperties.Credential fallback = credentials.get(DEFAULT_ACCESS_KEY);
        if (fallback != null) {
            log.warn("*** Keyhold accepts the built-in development identity: access key '{}', secret '{}', account {}, "
                    + "region us-east-1. Configure keyhold.credentials before exposing this server. ***",
                    fallback.accessKeyId(), fallback.secretAccessKey(), fallback.accountId());
        }
    }

    public Caller resolve(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new MissingAuthenticationTokenException("Request is missing Authentication Token");
        }
        Matcher matcher = CREDENTIAL.matcher(authorization);
        KeyholdProperties.Credential credential = matcher.find() ? credentials.get(matcher.group(1)) : null;
        if (credential == null) {
            throw new UnrecognizedClientException("The security token included in the request is invalid.");
        }
        String principalArn = credential.principal().equals("root")
                ? "arn:aws:iam::" + credential.accountId() + ":root"
                : "arn:aws:iam::" + credential.accountId() + ":user/" + credential.principal();
        return new Caller(credential.accountId(), principalArn, credential.accessKeyId());
    }
}
