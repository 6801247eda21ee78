package io.keyhold.server.iam;

/** Why KMS refuses a request, worded as the end of its AccessDeniedException message. */
public enum Denial {
    NO_IDENTITY_ALLOW,
    IDENTITY_DENY,
    NO_RESOURCE_ALLOW,
    RESOURCE_DENY;

    String reason(String action) {
        return switch (this) {
            case NO_IDENTITY_ALLOW -> "because no identity-based policy allows the " + action + " action";
            case IDENTITY_DENY -> "with an explicit deny in an identity-based policy";
            case NO_RESOURCE_ALLOW -> "because no resource-based policy allows the " + action + " action";
            case RESOURCE_DENY -> "with an explicit deny in a resource-based policy";
        };
    }
}
