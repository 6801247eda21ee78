package io.keyhold.server.limits;

import io.keyhold.server.wire.KmsErrorResponses;
import io.keyhold.server.wire.RequestIdFilter;

import jakarta.servlet.RequestDispatcher;

import java.io.IOException;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error responses (a request it cannot parse, headers over
 * {@code server.max-http-request-header-size}) as KMS JSON errors instead of HTML pages.
 */
public class KmsErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Throwable cause = throwable != null ? throwable
                : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String requestId = response.getHeader(RequestIdFilter.HEADER);
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
            response.setHeader(RequestIdFilter.HEADER, requestId);
        }
        if (status < 500) {
            SecurityLog.rejected(requestId, request.getRemoteAddr(), HttpErrors.isHeaderTooLarge(cause)
                    ? "request headers too large" : "container rejected the request with HTTP " + status);
        }
        try {
            response.resetBuffer();
            KmsErrorResponses.write(HttpErrors.forStatus(status, cause), response);
        } catch (IOException | IllegalStateException e) {
            container.getLogger().debug("Cannot write the error response", e);
        }
    }
}
