package io.keyhold.command.testsupport;

import io.keyhold.command.key.KmsKeyLookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key lookup tables as rows the test configures: stores, keys (with their external key) and
 * aliases. Every call is recorded.
 */
public final class InMemoryKmsKeyLookup implements KmsKeyLookup {

    private record Store(String accountId, String storeId) {
    }

    private record Key(String keyId, String accountId, String storeId, String xksKeyId) {
    }

    private record Alias(String aliasName, String keyId) {
    }

    private final List<Store> stores = new ArrayList<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<Alias> aliases = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    public InMemoryKmsKeyLookup store(String accountId, String storeId) {
        stores.add(new Store(accountId, storeId));
        return this;
    }

    public InMemoryKmsKeyLookup key(String keyId, String accountId, String storeId, String xksKeyId) {
        keys.add(new Key(keyId, accountId, storeId, xksKeyId));
        return this;
    }

    public InMemoryKmsKeyLookup alias(String aliasName, String keyId) {
        aliases.add(new Alias(aliasName, keyId));
        return this;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public boolean storeExists(String accountId, String customKeyStoreId) {
        calls.add("storeExists(" + accountId + ", " + customKeyStoreId + ")");
        return stores.contains(new Store(accountId, customKeyStoreId));
    }

    @Override
    public boolean isXksKeyInUse(String customKeyStoreId, String xksKeyId) {
        calls.add("isXksKeyInUse(" + customKeyStoreId + ", " + xksKeyId + ")");
        return keys.stream().anyMatch(k -> k.storeId().equals(customKeyStoreId) && Objects.equals(k.xksKeyId(), xksKeyId));
    }

    @Override
    public int countKeys(String customKeyStoreId) {
        calls.add("countKeys(" + customKeyStoreId + ")");
        return (int) keys.stream().filter(k -> k.storeId().equals(customKeyStoreId)).count();
    }

    @Override
    public boolean isKeyOf(String accountId, String keyId) {
        calls.add("isKeyOf(" + accountId + ", " + keyId + ")");
        return keys.stream().anyMatch(k -> k.keyId().equals(keyId) && k.accountId().equals(accountId));
    }

    @Override
    public List<String> aliasNamesOf(String keyId) {
        calls.add("aliasNamesOf(" + keyId + ")");
        return aliases.stream().filter(a -> a.keyId().equals(keyId)).map(Alias::aliasName).toList();
    }
}
