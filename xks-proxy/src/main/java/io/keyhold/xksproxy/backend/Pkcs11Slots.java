package io.keyhold.xksproxy.backend;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the slot that holds a token with a given label. SunPKCS11 only takes a slot id (or a fragile slot
 * index), and SoftHSM gives every initialized token a random-looking slot id, so the label is resolved
 * with C_GetSlotList / C_GetTokenInfo before SunPKCS11 is configured.
 */
public final class Pkcs11Slots {

    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    private static final int TOKEN_LABEL_BYTES = 32;
    /** Larger than CK_TOKEN_INFO on every ABI; only its first field, the label, is read. */
    private static final int TOKEN_INFO_BUFFER_BYTES = 1024;

    private Pkcs11Slots() {
    }

    /** The PKCS#11 functions used here, called through the symbols the module exports. */
    public interface Cryptoki extends Library {
        NativeLong C_Initialize(Pointer initArgs);

        NativeLong C_Finalize(Pointer reserved);

        NativeLong C_GetSlotList(byte tokenPresent, Pointer slotList, NativeLongByReference count);

        NativeLong C_GetTokenInfo(NativeLong slotId, Pointer tokenInfo);
    }

    public record Token(long slotId, String label) {
    }

    public static long slotOfToken(Path library, String tokenLabel) {
        List<Token> tokens = tokens(library);
        List<Token> matching = tokens.stream().filter(t -> t.label().equals(tokenLabel)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException((matching.isEmpty() ? "No" : "More than one") + " token labelled '"
                    + tokenLabel + "' in " + library + "; tokens present: "
                    + tokens.stream().map(Token::label).toList());
        }
        return matching.get(0).slotId();
    }

    public static List<Token> tokens(Path library) {
        Cryptoki cryptoki = Native.load(library.toAbsolutePath().toString(), Cryptoki.class);
        long initialized = cryptoki.C_Initialize(null).longValue();
        if (initialized != CKR_OK && initialized != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw new IllegalStateException("C_Initialize of " + library + " failed: 0x" + Long.toHexString(initialized));
        }
        try {
            NativeLongByReference count = new NativeLongByReference();
            check(cryptoki.C_GetSlotList((byte) 1, null, count), "C_GetSlotList");
            int slots = count.getValue().intValue();
            List<Token> tokens = new ArrayList<>();
            if (slots == 0) {
                return tokens;
            }
            Memory slotIds = new Memory((long) slots * NativeLong.SIZE);
            check(cryptoki.C_GetSlotList((byte) 1, slotIds, count), "C_GetSlotList");
            for (int i = 0; i < count.getValue().intValue(); i++) {
                NativeLong slotId = slotIds.getNativeLong((long) i * NativeLong.SIZE);
                Memory info = new Memory(TOKEN_INFO_BUFFER_BYTES);
                check(cryptoki.C_GetTokenInfo(slotId, info), "C_GetTokenInfo");
                String label = new String(info.getByteArray(0, TOKEN_LABEL_BYTES), StandardCharsets.UTF_8).stripTrailing();
                tokens.add(new Token(slotId.longValue(), label));
            }
            return tokens;
        } finally {
            // Leave the module as found: SunPKCS11 runs its own C_Initialize, and must not lose one it already ran.
            if (initialized == CKR_OK) {
                cryptoki.C_Finalize(null);
            }
        }
    }

    private static void check(NativeLong rv, String function) {
        if (rv.longValue() != CKR_OK) {
            throw new IllegalStateException(function + " failed: 0x" + Long.toHexString(rv.longValue()));
        }
    }
}
