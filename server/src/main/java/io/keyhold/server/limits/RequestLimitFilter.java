package io.keyhold.server.limits;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.RequestEntityTooLargeException;
import io.keyhold.api.error.UnknownOperationException;
import io.keyhold.server.wire.KmsErrorResponses;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before anything reads a request: the KMS endpoint ({@code POST /}) takes only
 * {@code application/x-amz-json-1.1}, as AWS's JSON front end picks the protocol by content type and
 * answers others with UnknownOperationException; and every body is read at most to
 * {@code keyhold.limits.max-request-bytes}, larger ones failing with 413 before they are buffered.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestLimitFilter(LimitsProperties limits) {
        this.maxBytes = limits.maxRequestBytes().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && "/".equals(request.getRequestURI()) && !isAmzJson(request)) {
            reject(request, response, new UnknownOperationException(
                    "Keyhold serves the KMS API with Content-Type application/x-amz-json-1.1 only."),
                    "content type " + (request.getContentType() == null ? "missing" : "not application/x-amz-json-1.1"));
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            reject(request, response, tooLarge(), "declared body of " + request.getContentLengthLong() + " bytes");
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes);
        if (body == null) {
            reject(request, response, tooLarge(), "body longer than " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean isAmzJson(HttpServletRequest request) {
        if (request.getContentType() == null) {
            return false;
        }
        try {
            return KmsErrorResponses.AMZ_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(request.getContentType()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The whole stream if it holds at most {@code max} bytes, else null (having read max + 1). */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }

    private RequestEntityTooLargeException tooLarge() {
        return new RequestEntityTooLargeException("The request body is larger than " + maxBytes + " bytes.");
    }

    private static void reject(HttpServletRequest request, HttpServletResponse response, KmsException error,
                               String reason) throws IOException {
        SecurityLog.rejected(request, reason);
        KmsErrorResponses.write(error, response);
    }
}
