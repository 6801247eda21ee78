package io.keyhold.command.key;

import java.util.List;

/**
 * Set-based facts the KmsKey, Alias and CustomKeyStore aggregates cannot know alone, read from
 * the command-side lookup tables that {@link KmsKeyLookupProjection} keeps. A key counts from its
 * creation until its deletion completes, so keys pending deletion count too.
 */
public interface KmsKeyLookup {

    /** The custom key store exists and belongs to {@code accountId}. */
    boolean storeExists(String accountId, String customKeyStoreId);

    boolean isXksKeyInUse(String customKeyStoreId, String xksKeyId);

    int countKeys(String customKeyStoreId);

    /** The key exists (deletion not completed) and belongs to {@code accountId}. */
    boolean isKeyOf(String accountId, String keyId);

    /** The names of the live aliases that point at the key. */
    List<String> aliasNamesOf(String keyId);
}
