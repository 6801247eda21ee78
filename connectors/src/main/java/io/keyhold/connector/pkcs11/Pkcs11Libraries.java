package io.keyhold.connector.pkcs11;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PKCS#11 libraries this process has loaded, by path. A library is loaded and initialised
 * on first use rather than at startup, so a missing library fails the connection attempts that
 * need it instead of the application; and only once, because C_Initialize is process-wide and
 * a library loaded twice would still share its login state. A failed load is not remembered:
 * the next attempt tries again, in case the library has since been installed.
 */
final class Pkcs11Libraries {

    private static final Map<String, Pkcs11Library> LOADED = new ConcurrentHashMap<>();

    private Pkcs11Libraries() {
    }

    /**
     * @throws UnsatisfiedLinkError if the library cannot be loaded
     * @throws Pkcs11Exception if it cannot be initialised
     */
    static Pkcs11Library get(String path) {
        return LOADED.computeIfAbsent(path, Pkcs11Library::load);
    }
}
