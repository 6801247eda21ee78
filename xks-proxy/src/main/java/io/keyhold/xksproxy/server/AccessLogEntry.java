package io.keyhold.xksproxy.server;

/**
 * One line per request: what was asked (store, operation, key, KMS request id and operation), how it ended
 * and how long it took. Holds no request or response data beyond those identifiers.
 */
final class AccessLogEntry {

    private static final int MAX_FIELD_CHARS = 160;

    private final long startNanos = System.nanoTime();
    private String store = "-";
    private String operation = "-";
    private String keyId = "-";
    private String kmsRequestId = "-";
    private String kmsOperation = "-";
    private int status;
    private String outcome = "-";
    private String message = "";

    void route(Route route) {
        store = route.store().displayName();
        operation = route.operation().apiName();
        keyId = route.keyId() != null ? route.keyId() : "-";
    }

    void requestMetadata(String requestId, String operationName) {
        kmsRequestId = printable(requestId);
        kmsOperation = printable(operationName);
    }

    void outcome(int httpStatus, String outcomeName, String detail) {
        status = httpStatus;
        outcome = outcomeName;
        message = detail != null ? printable(detail) : "";
    }

    String line() {
        long latencyMillis = (System.nanoTime() - startNanos) / 1_000_000;
        return "kmsRequestId=" + kmsRequestId + " operation=" + operation + " store=" + store + " keyId=" + keyId
                + " kmsOperation=" + kmsOperation + " status=" + status + " outcome=" + outcome
                + " latencyMs=" + latencyMillis + (message.isEmpty() ? "" : " message=\"" + message + "\"");
    }

    /** Request fields are caller-controlled: keep them on one line and short. */
    static String printable(String value) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < value.length() && clean.length() < MAX_FIELD_CHARS; i++) {
            char c = value.charAt(i);
            clean.append(c >= 0x20 && c <= 0x7e && c != '"' ? c : '?');
        }
        return clean.toString();
    }
}
