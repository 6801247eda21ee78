package io.keyhold.api.key;

/** Aliases are named per account: the alias aggregate's id is the account and the name. */
public final class AliasIds {

    private AliasIds() {
    }

    public static String of(String accountId, String aliasName) {
        return accountId + ":" + aliasName;
    }
}
