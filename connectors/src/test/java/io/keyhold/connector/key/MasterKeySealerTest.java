package io.keyhold.connector.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class MasterKeySealerTest {

    private static final byte[] AAD = "cks-1/secret-ref".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAINTEXT = "kmsuser-password".getBytes(StandardCharsets.UTF_8);

    private final MasterKeySealer sealer = new MasterKeySealer(randomKey());

    @Test
    void sealsAsIvCiphertextAndTagThatOpenWithTheSameAad() {
        byte[] sealed = sealer.seal(PLAINTEXT, AAD);

        assertThat(sealed).hasSize(12 + PLAINTEXT.length + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("kmsuser-password");
        assertThat(sealer.open(sealed, AAD)).isEqualTo(PLAINTEXT);
        assertThat(sealer.seal(PLAINTEXT, AAD)).as("a fresh IV each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherAadAnAlteredByteOrAnotherMasterKeyDoNotOpen() {
        byte[] sealed = sealer.seal(PLAINTEXT, AAD);

        assertThatIllegalStateException().isThrownBy(() -> sealer.open(sealed, "cks-2/secret-ref".getBytes(
                StandardCharsets.UTF_8)));
        for (int position = 0; position < sealed.length; position++) {
            byte[] altered = sealed.clone();
            altered[position] ^= 0x01;
            assertThatIllegalStateException().isThrownBy(() -> sealer.open(altered, AAD));
        }
        assertThatIllegalStateException().isThrownBy(() -> new MasterKeySealer(randomKey()).open(sealed, AAD));
        assertThatIllegalStateException().isThrownBy(() -> sealer.open(new byte[27], AAD));
    }

    @Test
    void theMasterKeyHas256Bits() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MasterKeySealer(new byte[16]));
        assertThat(sealer.toString()).doesNotContainPattern("[0-9a-f]{8}");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
