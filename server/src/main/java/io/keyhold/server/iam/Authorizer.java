package io.keyhold.server.iam;

import io.keyhold.api.error.AccessDeniedException;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.wire.RequestIdFilter;

import jakarta.servlet.http.HttpServletRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a caller may perform a KMS action, and refuses with KMS's AccessDeniedException.
 * Every refusal is logged on {@code io.keyhold.security} with request id, principal and source address.
 */
@Component
public class Authorizer {

    private static final Logger security = LoggerFactory.getLogger("io.keyhold.security");
    /** IAM-only operations with resource "*" (kms-api.md 7); key operations are decided where their key is found. */
    private static final Set<String> ACCOUNT_OPERATIONS = Set.of("CreateCustomKeyStore", "ConnectCustomKeyStore",
            "DisconnectCustomKeyStore", "DescribeCustomKeyStores", "UpdateCustomKeyStore", "DeleteCustomKeyStore",
            "CreateKey", "ListKeys", "ListAliases", "GenerateRandom");

    private final IdentityPolicies identities;
    private final String region;

    public Authorizer(IdentityPolicies identities, KeyholdProperties properties) {
        this.identities = identities;
        this.region = properties.region();
    }

    /** Decides the account-level operations; CreateKey's {@code kms:KeyOrigin} is the Origin it asks for. */
    public void authorizeOperation(Caller caller, String operation, JsonNode input) {
        if (!ACCOUNT_OPERATIONS.contains(operation)) {
            return;
        }
        Map<String, List<String>> keys = new HashMap<>();
        if (operation.equals("CreateKey")) {
            JsonNode origin = input.get("Origin");
            keys.put("kms:KeyOrigin", List.of(origin != null && origin.isTextual() ? origin.asText() : "AWS_KMS"));
        }
        authorizeAccountAction(caller, "kms:" + operation, keys);
    }

    /**
     * An account-level action: IAM policies alone decide, on resource {@code "*"}; a policy may also
     * say {@code arn:aws:kms:<region>:<account>:*}.
     */
    public void authorizeAccountAction(Caller caller, String action, Map<String, List<String>> conditionKeys) {
        AccessRequest request = request(caller, action, "arn:aws:kms:" + region + ":" + caller.accountId() + ":*",
                conditionKeys);
        KeyAccessRule.decide(identities.decide(caller, request)).ifPresent(denial -> refuse(caller, action, "*", denial));
    }

    /** An action on a resource that has no policy of its own (an alias): IAM policies alone decide. */
    public void authorizeResource(Caller caller, String action, String resourceArn) {
        AccessRequest request = request(caller, action, resourceArn, Map.of());
        KeyAccessRule.decide(identities.decide(caller, request))
                .ifPresent(denial -> refuse(caller, action, resourceArn, denial));
    }

    /**
     * An action on a KMS key: identity policies and the key policy, by KMS's rule ({@link KeyAccessRule}).
     *
     * @param key null when an ARN of another account names no key, which is refused like a key that is not shared
     */
    public void authorizeKey(Caller caller, String action, String keyArn, KmsKeyView key,
                             Map<String, List<String>> conditionKeys) {
        Map<String, List<String>> keys = new HashMap<>(conditionKeys);
        if (key != null) {
            keys.put("kms:KeyOrigin", List.of(key.origin().name()));
        }
        AccessRequest request = request(caller, action, keyArn, keys);
        PolicyEvaluator.KeyPolicyDecision keyPolicy = key == null ? null
                : PolicyEvaluator.keyPolicy(PolicyDocument.parse(key.policy(), PolicyDocument.Kind.KEY), request);
        boolean sameAccount = key != null && key.accountId().equals(caller.accountId());
        KeyAccessRule.decide(identities.decide(caller, request), keyPolicy, sameAccount)
                .ifPresent(denial -> refuse(caller, action, keyArn, denial));
    }

    private AccessRequest request(Caller caller, String action, String resource, Map<String, List<String>> extra) {
        Map<String, List<String>> keys = new HashMap<>(extra);
        keys.put("aws:PrincipalArn", List.of(caller.principalArn()));
        keys.put("aws:PrincipalAccount", List.of(caller.accountId()));
        keys.put("kms:CallerAccount", List.of(caller.accountId()));
        currentRequest().ifPresent(http -> {
            keys.put("aws:SourceIp", List.of(http.getRemoteAddr()));
            keys.put("aws:SecureTransport", List.of(Boolean.toString(http.isSecure())));
        });
        return new AccessRequest(action, resource, caller.principalArn(), caller.accountId(), keys);
    }

    private void refuse(Caller caller, String action, String resource, Denial denial) {
        Optional<HttpServletRequest> http = currentRequest();
        security.warn("Access denied: requestId={} principal={} source={} action={} resource={} reason={}",
                http.map(r -> r.getAttribute(RequestIdFilter.ATTRIBUTE)).orElse(null), caller.principalArn(),
                http.map(HttpServletRequest::getRemoteAddr).orElse(null), action, resource, denial);
        throw new AccessDeniedException("User: " + caller.principalArn() + " is not authorized to perform: " + action
                + " on resource: " + resource + " " + denial.reason(action));
    }

    private static Optional<HttpServletRequest> currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet
                ? Optional.of(servlet.getRequest()) : Optional.empty();
    }
}
