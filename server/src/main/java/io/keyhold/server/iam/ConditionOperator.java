package io.keyhold.server.iam;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The condition operators Keyhold understands, without set qualifier or {@code IfExists}. A negated
 * operator is true for a request value that its positive twin does not match.
 */
enum ConditionOperator {

    STRING_EQUALS("StringEquals", false, String::equals),
    STRING_NOT_EQUALS("StringNotEquals", true, String::equals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, String::equalsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, String::equalsIgnoreCase),
    STRING_LIKE("StringLike", false, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    STRING_NOT_LIKE("StringNotLike", true, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    ARN_EQUALS("ArnEquals", false, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    ARN_LIKE("ArnLike", false, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    ARN_NOT_EQUALS("ArnNotEquals", true, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    ARN_NOT_LIKE("ArnNotLike", true, (pattern, value) -> Wildcards.matches(pattern, value, false)),
    BOOL("Bool", false, String::equalsIgnoreCase),
    NUMERIC_EQUALS("NumericEquals", false, numeric(c -> c == 0)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, numeric(c -> c == 0)),
    NUMERIC_LESS_THAN("NumericLessThan", false, numeric(c -> c > 0)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, numeric(c -> c >= 0)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, numeric(c -> c < 0)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, numeric(c -> c <= 0)),
    IP_ADDRESS("IpAddress", false, ConditionOperator::inCidr),
    NOT_IP_ADDRESS("NotIpAddress", true, ConditionOperator::inCidr),
    NULL("Null", false, (expected, value) -> false);

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(op -> op.awsName.toLowerCase(Locale.ROOT), Function.identity()));
    private static final Pattern IP_LITERAL = Pattern.compile("^[0-9a-fA-F.:]+(/\\d{1,3})?$");

    private final String awsName;
    private final boolean negated;
    /** (value in the policy, value in the request) for the positive form. */
    private final BiPredicate<String, String> positive;

    ConditionOperator(String awsName, boolean negated, BiPredicate<String, String> positive) {
        this.awsName = awsName;
        this.negated = negated;
        this.positive = positive;
    }

    static Optional<ConditionOperator> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    boolean negated() {
        return negated;
    }

    /** Whether the positive form matches a request value against any of the policy's values. */
    boolean positiveMatch(List<String> policyValues, String requestValue) {
        return policyValues.stream().anyMatch(policyValue -> positive.test(policyValue, requestValue));
    }

    /** Rejects a policy value this operator can never compare, as IAM does when the policy is saved. */
    boolean accepts(String policyValue) {
        return switch (this) {
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS,
                 NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS -> number(policyValue).isPresent();
            case BOOL, NULL -> policyValue.equalsIgnoreCase("true") || policyValue.equalsIgnoreCase("false");
            case IP_ADDRESS, NOT_IP_ADDRESS -> cidr(policyValue).isPresent();
            default -> true;
        };
    }

    private static BiPredicate<String, String> numeric(IntPredicate comparison) {
        return (policyValue, requestValue) -> {
            Optional<BigDecimal> policy = number(policyValue);
            Optional<BigDecimal> request = number(requestValue);
            return policy.isPresent() && request.isPresent() && comparison.test(policy.get().compareTo(request.get()));
        };
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean inCidr(String policyCidr, String address) {
        Optional<Cidr> network = cidr(policyCidr);
        Optional<Cidr> request = cidr(address);
        if (network.isEmpty() || request.isEmpty() || network.get().address.length != request.get().address.length) {
            return false;
        }
        byte[] a = network.get().address;
        byte[] b = request.get().address;
        for (int bit = 0; bit < network.get().prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private record Cidr(byte[] address, int prefix) {
    }

    /** Only IP literals are parsed, so no policy or request value ever causes a DNS lookup. */
    private static Optional<Cidr> cidr(String text) {
        if (!IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        try {
            byte[] address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash)).getAddress();
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            return prefix <= address.length * 8 ? Optional.of(new Cidr(address, prefix)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
