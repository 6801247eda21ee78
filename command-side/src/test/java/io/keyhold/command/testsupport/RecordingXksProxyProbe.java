package io.keyhold.command.testsupport;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.xks.XksProxyProbe;

import java.util.ArrayList;
import java.util.List;

/** Records what the aggregate asked to probe; fails with a chosen KMS error when told to. */
public final class RecordingXksProxyProbe implements XksProxyProbe {

    public record Check(XksProxySettings settings, String secretAccessKey, String kmsOperation) {
    }

    private final List<Check> checks = new ArrayList<>();
    private KmsException failure;

    public void failWith(KmsException failure) {
        this.failure = failure;
    }

    @Override
    public synchronized void check(XksProxySettings settings, String secretAccessKey, String requestId, String kmsOperation) {
        checks.add(new Check(settings, secretAccessKey, kmsOperation));
        if (failure != null) {
            throw failure;
        }
    }

    public synchronized List<Check> checks() {
        return List.copyOf(checks);
    }
}
