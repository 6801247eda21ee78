package io.keyhold.server.iam;

import io.keyhold.api.error.MalformedPolicyDocumentException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the IAM policy grammar (the subset in the README, "Authorization"); anything else is malformed. */
final class PolicyParser {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> DOCUMENT_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of("Sid", "Effect", "Principal", "NotPrincipal",
            "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Pattern ACTION = Pattern.compile("^(\\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
    private static final Pattern AWS_PRINCIPAL_ARN = Pattern.compile("^arn:aws[a-z-]*:(iam|sts)::\\d{12}:.+$");

    private PolicyParser() {
    }

    static PolicyDocument parse(String text, PolicyDocument.Kind kind) {
        JsonNode document;
        try {
            document = JSON.readTree(text);
        } catch (IOException e) {
            throw malformed("The policy is not valid JSON.");
        }
        if (document == null || !document.isObject()) {
            throw malformed("The policy must be a JSON object.");
        }
        onlyElements(document, DOCUMENT_ELEMENTS, "policy");
        JsonNode version = document.get("Version");
        if (version != null && !(version.isTextual() && VERSIONS.contains(version.asText()))) {
            throw malformed("The policy Version must be 2012-10-17 or 2008-10-17.");
        }
        JsonNode statements = document.get("Statement");
        if (statements == null || statements.isArray() && statements.isEmpty()) {
            throw malformed("The policy has no Statement.");
        }
        List<PolicyStatement> parsed = new ArrayList<>();
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            parsed.add(statement(statement, kind));
        }
        return new PolicyDocument(kind, parsed);
    }

    private static PolicyStatement statement(JsonNode statement, PolicyDocument.Kind kind) {
        if (!statement.isObject()) {
            throw malformed("A policy statement must be a JSON object.");
        }
        onlyElements(statement, STATEMENT_ELEMENTS, "statement");
        JsonNode sid = statement.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw malformed("A statement's Sid must be a string.");
        }
        JsonNode effect = statement.get("Effect");
        if (effect == null || !effect.isTextual() || !Set.of("Allow", "Deny").contains(effect.asText())) {
            throw malformed("A statement's Effect must be Allow or Deny.");
        }
        boolean notPrincipal = statement.has("NotPrincipal");
        Principals principals = Principals.NONE;
        if (kind == PolicyDocument.Kind.KEY) {
            principals = principals(exactlyOne(statement, "Principal", "NotPrincipal"));
        } else if (statement.has("Principal") || notPrincipal) {
            throw malformed("An identity-based policy cannot name a Principal.");
        }
        boolean notAction = statement.has("NotAction");
        List<String> actions = strings(exactlyOne(statement, "Action", "NotAction"), "Action");
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw malformed("The action " + action + " is not in the form service:action.");
            }
        }
        boolean notResource = statement.has("NotResource");
        List<String> resources = strings(exactlyOne(statement, "Resource", "NotResource"), "Resource");
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw malformed("The resource " + resource + " must be * or an ARN.");
            }
        }
        return new PolicyStatement(sid == null ? null : sid.asText(),
                effect.asText().equals("Allow") ? Effect.ALLOW : Effect.DENY, principals, notPrincipal,
                actions, notAction, resources, notResource, conditions(statement.get("Condition")));
    }

    private static Principals principals(JsonNode principal) {
        if (principal.isTextual() && principal.asText().equals("*")) {
            return new Principals(true, List.of());
        }
        if (!principal.isObject() || principal.isEmpty()) {
            throw malformed("A Principal must be \"*\" or an object such as {\"AWS\": ...}.");
        }
        List<String> aws = new ArrayList<>();
        boolean anyone = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = principal.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!PRINCIPAL_TYPES.contains(entry.getKey())) {
                throw malformed("Policy contains a statement with one or more invalid principals.");
            }
            List<String> names = strings(entry.getValue(), "Principal");
            if (entry.getKey().equals("AWS")) {
                for (String name : names) {
                    if (name.equals("*")) {
                        anyone = true;
                    } else if (ACCOUNT_ID.matcher(name).matches() || AWS_PRINCIPAL_ARN.matcher(name).matches()) {
                        aws.add(name);
                    } else {
                        throw malformed("Policy contains a statement with one or more invalid principals.");
                    }
                }
            }
        }
        return new Principals(anyone, aws);
    }

    private static List<PolicyCondition> conditions(JsonNode condition) {
        if (condition == null) {
            return List.of();
        }
        if (!condition.isObject()) {
            throw malformed("A statement's Condition must be a JSON object.");
        }
        List<PolicyCondition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext(); ) {
            Map.Entry<String, JsonNode> operatorEntry = operators.next();
            String name = operatorEntry.getKey();
            PolicyCondition.SetQualifier qualifier = PolicyCondition.SetQualifier.NONE;
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("foranyvalue:")) {
                qualifier = PolicyCondition.SetQualifier.FOR_ANY_VALUE;
                name = name.substring("ForAnyValue:".length());
            } else if (lower.startsWith("forallvalues:")) {
                qualifier = PolicyCondition.SetQualifier.FOR_ALL_VALUES;
                name = name.substring("ForAllValues:".length());
            }
            boolean ifExists = name.toLowerCase(Locale.ROOT).endsWith("ifexists");
            String baseName = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            ConditionOperator operator = ConditionOperator.named(baseName)
                    .orElseThrow(() -> malformed("The condition operator " + operatorEntry.getKey() + " is not supported."));
            if (operator == ConditionOperator.NULL && (ifExists || qualifier != PolicyCondition.SetQualifier.NONE)) {
                throw malformed("The Null condition operator takes no qualifier and no IfExists.");
            }
            if (!operatorEntry.getValue().isObject() || operatorEntry.getValue().isEmpty()) {
                throw malformed("The condition operator " + operatorEntry.getKey() + " needs condition keys.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = operatorEntry.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> keyEntry = keys.next();
                List<String> values = strings(keyEntry.getValue(), "Condition");
                for (String value : values) {
                    if (!operator.accepts(value)) {
                        throw malformed("The value " + value + " is not valid for " + operatorEntry.getKey() + ".");
                    }
                }
                conditions.add(new PolicyCondition(operator, qualifier, ifExists, keyEntry.getKey(), values));
            }
        }
        return conditions;
    }

    private static JsonNode exactlyOne(JsonNode statement, String element, String negated) {
        if (statement.has(element) == statement.has(negated)) {
            throw malformed("A statement needs exactly one of " + element + " and " + negated + ".");
        }
        return statement.has(element) ? statement.get(element) : statement.get(negated);
    }

    /** A string, number or boolean, or a non-empty array of them. */
    private static List<String> strings(JsonNode node, String element) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (!item.isValueNode() || item.isNull()) {
                throw malformed("The " + element + " element must hold strings.");
            }
            values.add(item.asText());
        }
        if (values.isEmpty()) {
            throw malformed("The " + element + " element is empty.");
        }
        return values;
    }

    private static void onlyElements(JsonNode node, Set<String> allowed, String what) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw malformed("The " + what + " has an unknown element " + name + ".");
            }
        });
    }

    private static MalformedPolicyDocumentException malformed(String message) {
        return new MalformedPolicyDocumentException(message);
    }
}
