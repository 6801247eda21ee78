package io.keyhold.server.wire;

import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.error.KMSInternalException;
import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.RequestEntityTooLargeException;
import io.keyhold.api.error.SerializationException;
import io.keyhold.api.error.UnknownOperationException;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one place where failures become AWS JSON 1.1 errors: {@code {"__type", "message"}}, 400 for
 * caller faults, 500 for server faults, and the same name in {@code x-amzn-ErrorType}.
 */
@RestControllerAdvice
public class KmsErrorResponses {

    public static final MediaType AMZ_JSON = MediaType.parseMediaType("application/x-amz-json-1.1");
    private static final Logger log = LoggerFactory.getLogger(KmsErrorResponses.class);

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> handle(Exception failure) {
        KmsException error = translate(failure);
        if (error.isServerFault()) {
            log.error("Request failed", failure);
        } else {
            log.debug("Request rejected: {} {}", error.errorName(), error.getMessage());
        }
        return ResponseEntity.status(status(error))
                .contentType(AMZ_JSON)
                .header("x-amzn-ErrorType", error.errorName())
                .body(body(error));
    }

    /** The same error response, for code that runs outside Spring MVC (filters, Tomcat's error pages). */
    public static void write(KmsException error, HttpServletResponse response) throws IOException {
        response.setStatus(status(error).value());
        response.setContentType(AMZ_JSON.toString());
        response.setHeader("x-amzn-ErrorType", error.errorName());
        byte[] body = body(error).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static HttpStatus status(KmsException error) {
        if (error.isServerFault()) {
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }
        // the one client fault with its own status: proxies and HTTP clients know 413, and no SDK retries it
        return error instanceof RequestEntityTooLargeException ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
    }

    private static String body(KmsException error) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("__type", error.errorName());
        if (error.getMessage() != null) {
            // KMS sends InvalidCiphertextException without a message: it says nothing about why
            body.put("message", error.getMessage());
        }
        return body.toString();
    }

    public static KmsException translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KmsException kms) {
                return kms;
            }
            if (cause instanceof AggregateNotFoundException missing) {
                return new CustomKeyStoreNotFoundException("Custom key store " + missing.getAggregateIdentifier()
                        + " does not exist in this account and Region.");
            }
            if (cause instanceof HttpMessageNotReadableException) {
                return new SerializationException("The request body could not be read.");
            }
            if (cause instanceof HttpRequestMethodNotSupportedException || cause instanceof NoResourceFoundException) {
                return new UnknownOperationException("Keyhold serves the KMS API as POST / only.");
            }
        }
        return new KMSInternalException("The request was rejected because an internal exception occurred. The request can be retried.");
    }
}
