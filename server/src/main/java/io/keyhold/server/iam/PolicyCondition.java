package io.keyhold.server.iam;

import java.util.List;

/**
 * One condition key under one operator, e.g. {@code "ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "app*"}}.
 * Several values are alternatives; a negated operator needs the request value to match none of them.
 */
record PolicyCondition(ConditionOperator operator, SetQualifier qualifier, boolean ifExists, String key,
                       List<String> values) {

    enum SetQualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    PolicyCondition {
        values = List.copyOf(values);
    }

    boolean holds(AccessRequest request) {
        List<String> present = request.values(key);
        boolean absent = present == null || present.isEmpty();
        if (operator == ConditionOperator.NULL) {
            return values.stream().anyMatch(value -> Boolean.parseBoolean(value) == absent);
        }
        if (absent) {
            // IAM: a missing key fails every operator except the negated ones, IfExists and ForAllValues
            return ifExists || qualifier == SetQualifier.FOR_ALL_VALUES
                    || qualifier == SetQualifier.NONE && operator.negated();
        }
        return switch (qualifier) {
            case NONE -> operator.negated()
                    ? present.stream().noneMatch(this::positive)
                    : present.stream().anyMatch(this::positive);
            case FOR_ANY_VALUE -> present.stream().anyMatch(this::operatorMatch);
            case FOR_ALL_VALUES -> present.stream().allMatch(this::operatorMatch);
        };
    }

    private boolean positive(String requestValue) {
        return operator.positiveMatch(values, requestValue);
    }

    private boolean operatorMatch(String requestValue) {
        return operator.negated() != positive(requestValue);
    }
}
