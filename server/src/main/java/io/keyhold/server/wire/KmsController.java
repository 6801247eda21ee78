package io.keyhold.server.wire;

import io.keyhold.api.error.UnknownOperationException;
import io.keyhold.server.iam.Authorizer;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.identity.CallerResolver;
import io.keyhold.server.limits.RateLimits;
import io.keyhold.server.limits.RequestJson;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The KMS JSON 1.1 endpoint: {@code POST /} with {@code X-Amz-Target: TrentService.<Operation>}.
 * It authenticates, parses and validates against the KMS model, then hands over to the operation.
 */
@RestController
public class KmsController {

    static final String TARGET_PREFIX = "TrentService.";

    private final CallerResolver callers;
    private final RequestValidator validator;
    private final Authorizer authorizer;
    private final Map<String, KmsOperation> operations;
    private final ObjectMapper json;
    private final RequestJson requestJson;
    private final RateLimits rateLimits;

    public KmsController(CallerResolver callers, RequestValidator validator, Authorizer authorizer,
                         List<KmsOperations> groups, ObjectMapper json, RequestJson requestJson,
                         RateLimits rateLimits) {
        this.callers = callers;
        this.validator = validator;
        this.authorizer = authorizer;
        this.operations = groups.stream().flatMap(group -> group.operations().entrySet().stream())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        this.json = json;
        this.requestJson = requestJson;
        this.rateLimits = rateLimits;
    }

    @PostMapping(path = "/")
    public ResponseEntity<String> handle(@RequestHeader(value = "X-Amz-Target", required = false) String target,
                                         @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String userAgent,
                                         @RequestBody(required = false) byte[] body,
                                         HttpServletRequest request) throws JsonProcessingException {
        String requestId = (String) request.getAttribute(RequestIdFilter.ATTRIBUTE);
        Caller caller = callers.resolve(request, body, requestId);
        String operationName = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
        KmsOperation operation = operationName == null ? null : operations.get(operationName);
        if (operation == null) {
            throw new UnknownOperationException(target == null
                    ? "The request is missing the X-Amz-Target header."
                    : "The operation " + target + " is not supported by this server.");
        }
        rateLimits.admitOperation(caller.accountId(), operationName);
        JsonNode input = requestJson.read(body, request);
        validator.validate(operationName, input);
        authorizer.authorizeOperation(caller, operationName, input);
        JsonNode output = operation.invoke(input, caller,
                RequestMetadata.of(caller, requestId, request.getRemoteAddr(), userAgent));
        return ResponseEntity.ok().contentType(KmsErrorResponses.AMZ_JSON).body(json.writeValueAsString(output));
    }
}
