package io.keyhold.server.identity;

import io.keyhold.server.config.KeyholdProperties;

/** Who sent a request: the account it acts in and the principal that signed it. */
public record Caller(String accountId, String principalArn, String accessKeyId) {

    static Caller of(KeyholdProperties.Credential credential) {
        String principalArn = credential.principal().equals("root")
                ? "arn:aws:iam::" + credential.accountId() + ":root"
                : "arn:aws:iam::" + credential.accountId() + ":user/" + credential.principal();
        return new Caller(credential.accountId(), principalArn, credential.accessKeyId());
    }
}
