package io.keyhold.server.identity;

import io.keyhold.server.config.KeyholdProperties;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The access keys callers sign with ({@code keyhold.credentials}), held in memory only. The built-in
 * development identity is announced loudly and refused outright under the {@code production} profile.
 */
@Component
public class Identities {

    static final String DEFAULT_ACCESS_KEY = "test";
    static final String PRODUCTION_PROFILE = "production";

    private static final Logger log = LoggerFactory.getLogger(Identities.class);

    private final Map<String, KeyholdProperties.Credential> byAccessKeyId;

    public Identities(KeyholdProperties properties, Environment environment) {
        this.byAccessKeyId = properties.credentials().stream()
                .collect(Collectors.toUnmodifiableMap(KeyholdProperties.Credential::accessKeyId, Function.identity()));
        if (byAccessKeyId.containsKey(DEFAULT_ACCESS_KEY) && environment.acceptsProfiles(Profiles.of(PRODUCTION_PROFILE))) {
            throw new IllegalStateException("The production profile refuses to start with the built-in development "
                    + "identity (access key '" + DEFAULT_ACCESS_KEY + "'): declare your own keyhold.credentials list.");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnAboutDefaultIdentity() {
        KeyholdProperties.Credential fallback = byAccessKeyId.get(DEFAULT_ACCESS_KEY);
        if (fallback != null) {
            log.warn("*** Keyhold accepts the built-in development identity: access key '{}', account {}, region "
                    + "us-east-1, whose secret is published in the README. Configure keyhold.credentials before "
                    + "exposing this server; the '{}' profile refuses to start with it. ***",
                    fallback.accessKeyId(), fallback.accountId(), PRODUCTION_PROFILE);
        }
    }

    Optional<KeyholdProperties.Credential> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }
}
