package io.keyhold.xksproxy.server;

import io.keyhold.xksproxy.api.Operation;
import io.keyhold.xksproxy.store.LogicalStore;
import io.keyhold.xksproxy.store.StoreDirectory;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@code <prefix>/kms/xks/v1/health} and {@code <prefix>/kms/xks/v1/keys/<externalKeyId>/<operation>}
 * onto the configured stores; every other path is not an API URI of this proxy.
 */
public final class Router {

    static final String API_ROOT = "/kms/xks/v1/";
    private static final Pattern KEY_OPERATION = Pattern.compile("keys/([A-Za-z0-9._-]{1,128})/(metadata|encrypt|decrypt)");

    private final StoreDirectory directory;

    public Router(StoreDirectory directory) {
        this.directory = directory;
    }

    public Optional<Route> route(String rawPath) {
        for (LogicalStore store : directory.storesLongestPrefixFirst()) {
            String base = store.prefix() + API_ROOT;
            if (!rawPath.startsWith(base)) {
                continue;
            }
            String rest = rawPath.substring(base.length());
            if (rest.equals(Operation.GET_HEALTH_STATUS.uriSegment())) {
                return Optional.of(new Route(store, Operation.GET_HEALTH_STATUS, null));
            }
            Matcher keyOperation = KEY_OPERATION.matcher(rest);
            if (keyOperation.matches()) {
                return Optional.of(new Route(store, operation(keyOperation.group(2)), keyOperation.group(1)));
            }
        }
        return Optional.empty();
    }

    private static Operation operation(String uriSegment) {
        for (Operation operation : Operation.values()) {
            if (operation.uriSegment().equals(uriSegment)) {
                return operation;
            }
        }
        throw new IllegalArgumentException(uriSegment);
    }
}
