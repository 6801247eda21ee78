package io.keyhold.xksproxy.backend;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;

/** Where the external keys live: a software keystore or a PKCS#11 token. */
public interface KeyBackend {

    /** The AES key with this id (its keystore alias or token label), empty when there is none. */
    Optional<BackendKey> findKey(String keyId);

    /** A fresh {@code AES/GCM/NoPadding} cipher from the provider that holds the keys. */
    Cipher newGcmCipher() throws GeneralSecurityException;

    /** Names the backend in logs, without secrets. */
    String description();
}
