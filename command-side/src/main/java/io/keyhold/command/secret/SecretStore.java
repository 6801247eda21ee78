package io.keyhold.command.secret;

/**
 * Where custom key store credentials live, encrypted; events and views hold only the reference
 * that {@link #put} returns.
 */
public interface SecretStore {

    /** Encrypts and stores a credential of {@code storeId}; returns its reference. */
    String put(String storeId, String plaintext);

    /** Decrypts the credential under {@code ref}; fails if it was shredded. */
    String reveal(String ref);

    /** Deletes every credential of the store except the one under {@code ref}. */
    void retainOnly(String storeId, String ref);

    /** Deletes every credential of the store (crypto-shredding on delete). */
    void deleteAll(String storeId);
}
