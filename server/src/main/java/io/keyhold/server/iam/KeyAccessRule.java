package io.keyhold.server.iam;

import java.util.Optional;

/**
 * KMS's rule for a key operation. In the key's account the key policy either names the principal
 * (enough on its own) or names the account, which delegates to identity policies. From another
 * account both are needed: the key policy names the caller or its account, and the caller's own
 * identity policies allow. An explicit Deny in either wins.
 */
public final class KeyAccessRule {

    private KeyAccessRule() {
    }

    /** @param keyPolicy null when the key does not exist; across accounts that looks like a refusal by the key policy */
    public static Optional<Denial> decide(Decision identity, PolicyEvaluator.KeyPolicyDecision keyPolicy,
                                          boolean sameAccount) {
        if (identity == Decision.EXPLICIT_DENY) {
            return Optional.of(Denial.IDENTITY_DENY);
        }
        if (!sameAccount && identity != Decision.ALLOW) {
            return Optional.of(Denial.NO_IDENTITY_ALLOW);
        }
        if (keyPolicy == null) {
            return Optional.of(Denial.NO_RESOURCE_ALLOW);
        }
        if (keyPolicy.explicitDeny()) {
            return Optional.of(Denial.RESOURCE_DENY);
        }
        if (keyPolicy.allowsPrincipal()) {
            return Optional.empty();
        }
        if (!keyPolicy.allowsAccount()) {
            return Optional.of(Denial.NO_RESOURCE_ALLOW);
        }
        return identity == Decision.ALLOW ? Optional.empty() : Optional.of(Denial.NO_IDENTITY_ALLOW);
    }

    /** An account-level operation (resource "*") answers to identity policies alone. */
    public static Optional<Denial> decide(Decision identity) {
        return switch (identity) {
            case ALLOW -> Optional.empty();
            case EXPLICIT_DENY -> Optional.of(Denial.IDENTITY_DENY);
            case IMPLICIT_DENY -> Optional.of(Denial.NO_IDENTITY_ALLOW);
        };
    }
}
