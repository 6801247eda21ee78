package io.keyhold.server.iam;

import java.util.List;

/** IAM's evaluation of one kind of policy: an explicit Deny anywhere wins, then any Allow, else implicit deny. */
public final class PolicyEvaluator {

    /** What a key policy says about a caller: KMS lets the key policy name the principal or delegate to its account. */
    public record KeyPolicyDecision(boolean explicitDeny, boolean allowsPrincipal, boolean allowsAccount) {
    }

    private PolicyEvaluator() {
    }

    public static Decision identity(List<PolicyDocument> policies, AccessRequest request) {
        List<PolicyStatement> covering = policies.stream().flatMap(policy -> policy.statements().stream())
                .filter(statement -> statement.covers(request)).toList();
        return Decision.combine(covering.stream().anyMatch(statement -> statement.effect() == Effect.ALLOW),
                covering.stream().anyMatch(statement -> statement.effect() == Effect.DENY));
    }

    public static KeyPolicyDecision keyPolicy(PolicyDocument policy, AccessRequest request) {
        boolean deny = false;
        boolean principal = false;
        boolean account = false;
        for (PolicyStatement statement : policy.statements()) {
            if (!statement.covers(request)) {
                continue;
            }
            boolean direct = statement.principals().namesDirectly(request.principalArn());
            boolean wholeAccount = statement.principals().namesAccount(request.accountId());
            if (statement.notPrincipal()) {
                // NotPrincipal applies to everyone it does not name; such a grant names no account to delegate to
                direct = !direct && !wholeAccount;
                wholeAccount = false;
            }
            if (statement.effect() == Effect.DENY) {
                deny |= direct || wholeAccount;
            } else {
                principal |= direct;
                account |= wholeAccount;
            }
        }
        return new KeyPolicyDecision(deny, principal, account);
    }
}
