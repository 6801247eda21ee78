package io.keyhold.connector.hsm;

import java.security.SecureRandom;

/** The passwords Keyhold rotates kmsuser to on every connect: 32 unambiguous letters and digits. */
public final class KmsUserPasswords {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KmsUserPasswords() {
    }

    public static String next() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
