package io.keyhold.server.wire;

import io.keyhold.server.identity.Caller;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.MetaData;

/** The audit metadata every command carries and Axon copies onto the events it causes. */
public final class RequestMetadata {

    public static final String ACCOUNT_ID = "accountId";
    public static final String PRINCIPAL_ARN = "principalArn";
    public static final String REQUEST_ID = "requestId";
    public static final String SOURCE_IP = "sourceIp";
    public static final String USER_AGENT = "userAgent";
    public static final List<String> KEYS = List.of(ACCOUNT_ID, PRINCIPAL_ARN, REQUEST_ID, SOURCE_IP, USER_AGENT);

    private RequestMetadata() {
    }

    public static MetaData of(Caller caller, String requestId, String sourceIp, String userAgent) {
        Map<String, Object> values = new HashMap<>();
        values.put(ACCOUNT_ID, caller.accountId());
        values.put(PRINCIPAL_ARN, caller.principalArn());
        values.put(REQUEST_ID, requestId);
        values.put(SOURCE_IP, sourceIp);
        values.put(USER_AGENT, userAgent == null ? "" : userAgent);
        return MetaData.from(values);
    }
}
