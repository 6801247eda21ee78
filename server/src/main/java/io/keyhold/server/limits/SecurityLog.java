package io.keyhold.server.limits;

import io.keyhold.server.wire.RequestIdFilter;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Rejected hostile requests on logger {@code io.keyhold.security}: request id, source address and
 * reason, never the body or a header value.
 */
public final class SecurityLog {

    private static final Logger log = LoggerFactory.getLogger("io.keyhold.security");

    private SecurityLog() {
    }

    public static void rejected(HttpServletRequest request, String reason) {
        rejected((String) request.getAttribute(RequestIdFilter.ATTRIBUTE), request.getRemoteAddr(), reason);
    }

    /** For code that has no request at hand: the request bound to this thread, if any. */
    public static void rejected(String reason) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            rejected(attributes.getRequest(), reason);
        } else {
            rejected(MDC.get("requestId"), null, reason);
        }
    }

    public static void rejected(String requestId, String sourceAddress, String reason) {
        log.warn("Rejected request {} from {}: {}", requestId, sourceAddress, reason);
    }
}
