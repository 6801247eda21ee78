package io.keyhold.server.iam;

/** The outcome of evaluating a set of policies: an explicit Deny wins, then any Allow, else nothing allows. */
public enum Decision {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY;

    static Decision combine(boolean anyAllow, boolean anyDeny) {
        if (anyDeny) {
            return EXPLICIT_DENY;
        }
        return anyAllow ? ALLOW : IMPLICIT_DENY;
    }
}
