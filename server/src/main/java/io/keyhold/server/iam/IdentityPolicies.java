package io.keyhold.server.iam;

import io.keyhold.api.error.MalformedPolicyDocumentException;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.server.identity.Caller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The identity policies of each principal, from {@code keyhold.credentials[n].policies}, parsed once
 * at startup (a malformed one stops the server). Policies attach to the principal, so every access
 * key of a principal carries them all. An account root is allowed everything in its own account
 * unless one of its policies explicitly denies; an IAM user is allowed only what its policies allow.
 */
@Component
public class IdentityPolicies {

    private final Map<String, List<PolicyDocument>> byPrincipal;

    public IdentityPolicies(KeyholdProperties properties) {
        Map<String, List<PolicyDocument>> policies = new HashMap<>();
        List<KeyholdProperties.Credential> credentials = properties.credentials();
        for (int index = 0; index < credentials.size(); index++) {
            KeyholdProperties.Credential credential = credentials.get(index);
            List<PolicyDocument> own = policies.computeIfAbsent(credential.principalArn(), arn -> new ArrayList<>());
            for (int policy = 0; policy < credential.policies().size(); policy++) {
                try {
                    own.add(PolicyDocument.parse(credential.policies().get(policy), PolicyDocument.Kind.IDENTITY));
                } catch (MalformedPolicyDocumentException e) {
                    throw new IllegalStateException("keyhold.credentials[" + index + "].policies[" + policy + "] is "
                            + "not a valid policy: " + e.getMessage());
                }
            }
        }
        policies.replaceAll((arn, list) -> List.copyOf(list));
        this.byPrincipal = Map.copyOf(policies);
    }

    public Decision decide(Caller caller, AccessRequest request) {
        Decision decision = PolicyEvaluator.identity(byPrincipal.getOrDefault(caller.principalArn(), List.of()), request);
        if (isRoot(caller) && decision == Decision.IMPLICIT_DENY) {
            return Decision.ALLOW;
        }
        return decision;
    }

    private static boolean isRoot(Caller caller) {
        return caller.principalArn().equals(Principals.rootArn(caller.accountId()));
    }
}
