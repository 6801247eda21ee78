package io.keyhold.server.key;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.FindKmsKeyQuery;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.server.iam.Authorizer;
import io.keyhold.server.identity.Caller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Finds the key a request names — key id, key ARN, alias name or alias ARN — authorizes the action
 * on it, and builds the ARNs KMS shows. A key that cannot be found fails as KMS reports it, naming the
 * ARN it looked for; an ARN of another account that names no key is refused like a key not shared.
 */
@Component
public class KeyResolver {

    private static final Pattern KEY_ID = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern KEY_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+$");
    private static final Pattern ALIAS_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:alias/.+$");

    private final QueryGateway queries;
    private final Authorizer authorizer;
    private final String region;

    public KeyResolver(QueryGateway queries, Authorizer authorizer, KeyholdProperties properties) {
        this.queries = queries;
        this.authorizer = authorizer;
        this.region = properties.region();
    }

    /** The key, in the caller's account or, by ARN, in another one, if the caller may perform {@code action} on it. */
    public KmsKeyView find(Caller caller, String identifier, String action) {
        return find(caller, identifier, action, Map.of());
    }

    /** As {@link #find(Caller, String, String)}, with the request's encryption context for policy conditions. */
    public KmsKeyView find(Caller caller, String identifier, String action, Map<String, String> encryptionContext) {
        KmsKeyView key = lookUp(caller, identifier);
        Map<String, List<String>> conditionKeys = conditionKeys(identifier, encryptionContext);
        if (key == null) {
            if (inOtherAccount(caller, identifier)) {
                authorizer.authorizeKey(caller, action, identifier, null, conditionKeys);
            }
            throw notFound(caller, identifier);
        }
        authorizer.authorizeKey(caller, action, key.keyArn(), key, conditionKeys);
        return key;
    }

    /** The key, which must belong to the caller's account: management operations do not cross accounts. */
    public KmsKeyView findOwn(Caller caller, String identifier, String action) {
        KmsKeyView key = lookUp(caller, identifier);
        if (key == null || !key.accountId().equals(caller.accountId())) {
            throw notFound(caller, identifier);
        }
        authorizer.authorizeKey(caller, action, key.keyArn(), key, conditionKeys(identifier, Map.of()));
        return key;
    }

    /** The key without authorization, for Keyhold's own reads (the key CreateKey has just made); null if none. */
    KmsKeyView lookUp(Caller caller, String identifier) {
        return queries.query(new FindKmsKeyQuery(caller.accountId(), identifier),
                ResponseTypes.instanceOf(KmsKeyView.class)).join();
    }

    public String keyArn(String accountId, String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }

    public String aliasArn(String accountId, String aliasName) {
        return "arn:aws:kms:" + region + ":" + accountId + ":" + aliasName;
    }

    private static boolean inOtherAccount(Caller caller, String identifier) {
        return (KEY_ARN.matcher(identifier).matches() || ALIAS_ARN.matcher(identifier).matches())
                && !identifier.split(":", 6)[4].equals(caller.accountId());
    }

    /** The request's condition keys KMS derives from the key identifier and the encryption context. */
    private static Map<String, List<String>> conditionKeys(String identifier, Map<String, String> encryptionContext) {
        Map<String, List<String>> keys = new HashMap<>();
        encryptionContext.forEach((name, value) -> keys.put("kms:EncryptionContext:" + name, List.of(value)));
        if (!encryptionContext.isEmpty()) {
            keys.put("kms:EncryptionContextKeys", new ArrayList<>(encryptionContext.keySet()));
        }
        if (identifier.startsWith("alias/")) {
            keys.put("kms:RequestAlias", List.of(identifier));
        } else if (ALIAS_ARN.matcher(identifier).matches()) {
            keys.put("kms:RequestAlias", List.of(identifier.substring(identifier.indexOf(":alias/") + 1)));
        }
        return keys;
    }

    private NotFoundException notFound(Caller caller, String identifier) {
        if (identifier.startsWith("alias/")) {
            return new NotFoundException("Alias " + aliasArn(caller.accountId(), identifier) + " is not found.");
        }
        if (ALIAS_ARN.matcher(identifier).matches()) {
            return new NotFoundException("Alias " + identifier + " is not found.");
        }
        if (KEY_ARN.matcher(identifier).matches()) {
            return new NotFoundException("Key '" + identifier + "' does not exist");
        }
        if (KEY_ID.matcher(identifier).matches()) {
            return new NotFoundException("Key '" + keyArn(caller.accountId(), identifier) + "' does not exist");
        }
        return new NotFoundException("Invalid keyId '" + identifier + "'");
    }
}
