package io.keyhold.xksproxy.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AadRecipeTest {

    @Test
    void prefixesAadAndMetadataWithTheirLengths() {
        byte[] aad = "ab".getBytes(StandardCharsets.US_ASCII);
        byte[] metadata = "xyz".getBytes(StandardCharsets.US_ASCII);
        assertThat(AadRecipe.gcmAad(aad, metadata)).containsExactly(0, 2, 'a', 'b', 3, 'x', 'y', 'z');
    }

    @Test
    void absentFieldsCountAsLengthZero() {
        assertThat(AadRecipe.gcmAad(new byte[0], new byte[0])).containsExactly(0, 0, 0);
    }

    @Test
    void aadReplayedAsMetadataGivesAnotherGcmAad() {
        byte[] metadata = AadRecipe.METADATA_V1;
        assertThat(AadRecipe.gcmAad(new byte[0], metadata)).isNotEqualTo(AadRecipe.gcmAad(metadata, new byte[0]));
    }

    @Test
    void theMetadataFitsTheTwentyByteLimit() {
        assertThat(AadRecipe.METADATA_V1.length).isLessThanOrEqualTo(AadRecipe.MAX_METADATA_BYTES);
    }
}
