package io.keyhold.connector.pkcs11;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The secret keys a SoftHSM2 token holds under a label, read through this JVM's instance of the
 * PKCS#11 library, which the server's clusters share. In this package for the connector's
 * package-private PKCS#11 binding. PKCS#11 login state belongs to the application, so a new session
 * sees the token's private keys only while the server is logged in to it (its store connected).
 */
public final class TokenKeys {

    /** The attributes of one key that KMS promises for key material in a CloudHSM cluster. */
    public record TokenKey(String label, boolean persistent, boolean privateObject, boolean sensitive,
                           boolean extractable) {
    }

    private TokenKeys() {
    }

    public static List<TokenKey> labelled(String tokenLabel, String label) {
        Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
        long session = library.openReadWriteSession(library.findSlotByTokenLabel(tokenLabel).orElseThrow(
                () -> new IllegalArgumentException("no token labelled " + tokenLabel)));
        try {
            return Arrays.stream(library.findSecretKeys(session, label))
                    .mapToObj(key -> new TokenKey(
                            new String(library.attributeBytes(session, key, Ck.CKA_LABEL), StandardCharsets.UTF_8),
                            flag(library, session, key, Ck.CKA_TOKEN),
                            flag(library, session, key, Ck.CKA_PRIVATE),
                            flag(library, session, key, Ck.CKA_SENSITIVE),
                            flag(library, session, key, Ck.CKA_EXTRACTABLE)))
                    .toList();
        } finally {
            library.closeSession(session);
        }
    }

    private static boolean flag(Pkcs11Library library, long session, long key, long attribute) {
        byte[] value = library.attributeBytes(session, key, attribute);
        return value.length == 1 && value[0] != 0;
    }
}
