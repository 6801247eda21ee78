package io.keyhold.xksproxy.crypto;

/** The parts of an AES-GCM result as XKS carries them: the tag is split off the ciphertext. */
public record GcmCiphertext(byte[] ciphertext, byte[] iv, byte[] tag) {
}
