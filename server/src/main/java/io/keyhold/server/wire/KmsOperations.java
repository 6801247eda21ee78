package io.keyhold.server.wire;

import java.util.Map;

/** A group of KMS operations the endpoint dispatches to, by operation name. */
public interface KmsOperations {

    Map<String, KmsOperation> operations();
}
