package io.keyhold.connector.xks;

/** One proxy API call, for failure messages and logs. */
record XksCall(XksProxyTarget target, String operation, XksRequestMetadata metadata) {

    /** How messages name the proxy at the start of a sentence. */
    String proxy() {
        return "The external key store proxy at " + target.uriEndpoint();
    }

    /** How messages name the proxy inside a sentence. */
    String proxyName() {
        return "the external key store proxy at " + target.uriEndpoint();
    }

    XksProxyException invalidResponse(String detail) {
        return new XksProxyException(XksFailure.INVALID_RESPONSE,
                proxy() + " returned an invalid " + operation + " response: " + detail + ".");
    }
}
