package io.keyhold.server.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What one request may cost ({@code keyhold.limits.*}). Rates are counted on this node only.
 *
 * @param maxRequestBytes             the largest request body read; larger ones get 413
 *                                    RequestEntityTooLargeException before anything is parsed
 * @param maxJsonDepth                how deeply arrays and objects may nest (a valid KMS request needs 3)
 * @param maxJsonStringLength         the longest JSON string or member name, in characters
 * @param maxJsonNumberLength         the longest JSON number, in characters
 * @param keyStoreOperationsPerSecond requests per second for each custom key store operation and account
 * @param cryptoOperationsPerSecond   cryptographic requests per second on the keys of one custom key store,
 *                                    from all accounts together
 */
@ConfigurationProperties("keyhold.limits")
public record LimitsProperties(
        @DefaultValue("256KB") DataSize maxRequestBytes,
        @DefaultValue("16") int maxJsonDepth,
        @DefaultValue("140000") int maxJsonStringLength,
        @DefaultValue("64") int maxJsonNumberLength,
        @DefaultValue("5") int keyStoreOperationsPerSecond,
        @DefaultValue("1800") int cryptoOperationsPerSecond) {
}
