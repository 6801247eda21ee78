package io.keyhold.server.key;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.FindKmsKeyQuery;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.server.identity.Caller;

import java.util.regex.Pattern;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * Finds the key a request names — key id, key ARN, alias name or alias ARN — and builds the ARNs
 * KMS shows. A key that cannot be found fails as KMS reports it, naming the ARN it looked for.
 */
@Component
public class KeyResolver {

    private static final Pattern KEY_ID = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern KEY_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+$");
    private static final Pattern ALIAS_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:alias/.+$");

    private final QueryGateway queries;
    private final String region;

    public KeyResolver(QueryGateway queries, KeyholdProperties properties) {
        this.queries = queries;
        this.region = properties.region();
    }

    /** The key, in the caller's account or, by ARN, in another one. */
    public KmsKeyView find(Caller caller, String identifier) {
        KmsKeyView key = queries.query(new FindKmsKeyQuery(caller.accountId(), identifier),
                ResponseTypes.instanceOf(KmsKeyView.class)).join();
        if (key == null) {
            throw notFound(caller, identifier);
        }
        return key;
    }

    /** The key, which must belong to the caller's account: management operations do not cross accounts. */
    public KmsKeyView findOwn(Caller caller, String identifier) {
        KmsKeyView key = find(caller, identifier);
        if (!key.accountId().equals(caller.accountId())) {
            throw notFound(caller, identifier);
        }
        return key;
    }

    public String keyArn(String accountId, String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }

    public String aliasArn(String accountId, String aliasName) {
        return "arn:aws:kms:" + region + ":" + accountId + ":" + aliasName;
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
