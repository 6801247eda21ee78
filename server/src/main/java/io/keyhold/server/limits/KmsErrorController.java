package io.keyhold.server.limits;

import io.keyhold.server.wire.KmsErrorResponses;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's {@code /error} page, which the container forwards to when a failure escapes
 * Spring MVC (a filter, {@code sendError}): the answer is a KMS JSON error, never HTML or a trace.
 */
@Controller
public class KmsErrorController implements ErrorController {

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable cause = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // no status: someone asked for /error itself, a path the KMS API does not have
        int code = status instanceof Integer value ? value : 404;
        KmsErrorResponses.write(cause != null ? KmsErrorResponses.translate(cause) : HttpErrors.forStatus(code, null),
                response);
    }
}
