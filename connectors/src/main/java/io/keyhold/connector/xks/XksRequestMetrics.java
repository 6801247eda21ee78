package io.keyhold.connector.xks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times every proxy call as {@code keyhold.xks.proxy.requests} (tags xksOperation, kmsOperation,
 * outcome: success or the XksFailure), like KMS's XksProxyLatency and XksProxyErrors.
 */
final class XksRequestMetrics {

    interface ProxyCall<T> {
        T call() throws XksProxyException;
    }

    private final MeterRegistry meters;

    XksRequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    <T> T timed(String xksOperation, String kmsOperation, ProxyCall<T> call) throws XksProxyException {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            return call.call();
        } catch (XksProxyException e) {
            outcome = e.failure().name();
            throw e;
        } finally {
            sample.stop(meters.timer("keyhold.xks.proxy.requests", "xksOperation", xksOperation,
                    "kmsOperation", kmsOperation, "outcome", outcome));
        }
    }
}
