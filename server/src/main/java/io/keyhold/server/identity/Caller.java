package io.keyhold.server.identity;

/** Who sent a request: the account it acts in and the principal that signed it. */
public record Caller(String accountId, String principalArn, String accessKeyId) {
}
