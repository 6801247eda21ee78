package io.keyhold.server.iam;

import java.util.List;

/** A parsed policy: an identity policy or a key policy (which names principals). */
public record PolicyDocument(Kind kind, List<PolicyStatement> statements) {

    public enum Kind {
        IDENTITY,
        KEY
    }

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** @throws io.keyhold.api.error.MalformedPolicyDocumentException when the text breaks the grammar */
    public static PolicyDocument parse(String json, Kind kind) {
        return PolicyParser.parse(json, kind);
    }
}
