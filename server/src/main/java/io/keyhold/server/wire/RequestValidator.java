package io.keyhold.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keyhold.api.error.SerializationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.server.wire.KmsServiceModel.Member;
import io.keyhold.server.wire.KmsServiceModel.Shape;
import io.keyhold.server.wire.KmsServiceModel.ShapeType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a JSON 1.1 request body against the input shape of its operation and fails the way the
 * Coral front end of AWS services does, so that clients see the same errors as from KMS.
 *
 * <p><b>Types.</b> A value of the wrong JSON type is a {@link SerializationException}, thrown at
 * once: Coral deserializes before it validates, so a type error hides every constraint failure. The
 * messages are those AWS JSON 1.1 services return ({@code STRING_VALUE can not be converted to an
 * Integer}, {@code NUMBER_VALUE can not be converted to a String}, {@code Start of list found where
 * not expected}, {@code Start of structure or map found where not expected.}, {@code Expected null}
 * for a scalar in place of a structure, {@code Expected list or null} in place of a list). A scalar in
 * place of a map gives {@code Expected map or null} and a timestamp that is not a number {@code ... can
 * not be converted to a Date}; both follow the same pattern but were not observed. A blob that is
 * not a string, or whose base64 length is not a multiple of four, gets the message Coral gives
 * (observed on DynamoDB); other malformed base64 gets a message of our own. A body that is a JSON
 * array gets the list message; any other body that is not an object gets a message of our own,
 * since AWS sends none.
 *
 * <p><b>Values as Coral reads them.</b> JSON {@code null} means absent, also inside lists and maps,
 * where the entry is dropped before counting and numbering. A fractional number for an integer shape
 * is truncated toward zero; an integer beyond the 32-bit range reaches the range check (AWS reports
 * {@code Value '2147483648' at 'limit'}), but one beyond the 64-bit range is a serialization error.
 * Members the shape does not define are ignored.
 *
 * <p><b>Constraints.</b> All failures of a request are collected, members in model order and, within
 * a member, length or range, then pattern, then enum. Paths are the member names with the first
 * letter lower-cased, dotted for nested structures; an element of a list of structures or lists is
 * addressed as {@code tags.1.member} (1-based). Following Coral, a list of scalars whose elements
 * break their constraints is reported once at the list, listing every constraint of the element
 * shape: {@code Value '[a, b]' at 'grantTokens' failed to satisfy constraint: Member must satisfy
 * constraint: [...]}; likewise map keys and values ({@code Map keys must satisfy constraint: [...]},
 * {@code Map value must satisfy constraint: [...]}). A map value that is itself a structure, list or
 * map is checked under the path {@code map.key}, a form no KMS shape exercises.
 *
 * <p><b>Values in messages.</b> Strings and numbers appear in single quotes, a missing required member
 * as {@code null}, a blob as Coral prints the buffer it decoded
 * ({@code 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]'}) and a list of scalars as
 * {@code '[a, b]'}. Structures, maps and lists of non-scalars are left out
 * ({@code Value at 'tags' ...}) rather than imitating Java object dumps. A member that is sensitive,
 * or targets a sensitive shape, never shows its value, not even {@code null}.
 *
 * <p>Instances keep no per-request state and can be shared between threads.
 */
public final class RequestValidator {

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final KmsServiceModel model;

    public RequestValidator(KmsServiceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Validates the body of a request to {@code operation}.
     *
     * @throws SerializationException   if the body is not a JSON object or a value has the wrong JSON type
     * @throws ValidationException      if a value breaks a constraint of the model
     * @throws IllegalArgumentException if the model has no such operation
     */
    public void validate(String operation, JsonNode body) {
        Shape input = model.inputShape(operation);
        if (body == null || !body.isObject()) {
            throw body != null && body.isArray()
                    ? startOfList()
                    : new SerializationException("The request body must be a JSON object");
        }
        Walk walk = new Walk();
        walk.structure(input, body, "");
        List<String> violations = walk.violations;
        if (!violations.isEmpty()) {
            throw new ValidationException(violations.size() + " validation error"
                    + (violations.size() == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
        }
    }

    /** One pass over a request body, collecting constraint failures. */
    private static final class Walk {

        private final List<String> violations = new ArrayList<>();

        void structure(Shape shape, JsonNode node, String path) {
            shape.members().values().forEach(member -> {
                String memberPath = childPath(path, member.name());
                JsonNode value = node.get(member.name());
                if (isAbsent(value)) {
                    if (shape.required().contains(member.name())) {
                        fail(member, "null", memberPath, "Member must not be null");
                    }
                } else {
                    value(member, value, memberPath);
                }
            });
        }

        void value(Member member, JsonNode node, String path) {
            Shape shape = member.shape();
            switch (shape.type()) {
                case STRUCTURE -> structure(shape, requireObject(node, "Expected null"), path);
                case LIST -> list(member, node, path);
                case MAP -> map(member, requireObject(node, "Expected map or null"), path);
                default -> {
                    Scalar value = Scalar.read(shape, node);
                    value.failures(shape).forEach(constraint -> fail(member, value.quoted(), path, constraint));
                }
            }
        }

        void list(Member member, JsonNode node, String path) {
            if (!node.isArray()) {
                throw node.isObject() ? startOfStructure() : new SerializationException("Expected list or null");
            }
            Member element = member.shape().listMember();
            List<JsonNode> elements = node.valueStream().filter(e -> !e.isNull()).toList();
            if (isScalar(element.shape())) {
                List<Scalar> values = elements.stream().map(e -> Scalar.read(element.shape(), e)).toList();
                String shown = element.isSensitive() ? null
                        : values.stream().map(Scalar::shown).collect(Collectors.joining(", ", "'[", "]'"));
                sizeFailures(member, values.size(), shown, path);
                if (values.stream().anyMatch(value -> !value.failures(element.shape()).isEmpty())) {
                    fail(member, shown, path, "Member must satisfy constraint: " + allConstraints(element.shape()));
                }
            } else {
                sizeFailures(member, elements.size(), null, path);
                for (int i = 0; i < elements.size(); i++) {
                    value(element, elements.get(i), path + "." + (i + 1) + ".member");
                }
            }
        }

        void map(Member member, JsonNode node, String path) {
            Member key = member.shape().mapKey();
            Member entryValue = member.shape().mapValue();
            List<Map.Entry<String, JsonNode>> entries = node.propertyStream()
                    .filter(entry -> !entry.getValue().isNull())
                    .toList();
            sizeFailures(member, entries.size(), null, path);
            if (entries.stream().anyMatch(entry -> breaksConstraints(key.shape(), TextNode.valueOf(entry.getKey())))) {
                fail(member, null, path, "Map keys must satisfy constraint: " + allConstraints(key.shape()));
            }
            if (!isScalar(entryValue.shape())) {
                entries.forEach(entry -> value(entryValue, entry.getValue(), path + "." + entry.getKey()));
            } else if (entries.stream().anyMatch(entry -> breaksConstraints(entryValue.shape(), entry.getValue()))) {
                fail(member, null, path, "Map value must satisfy constraint: " + allConstraints(entryValue.shape()));
            }
        }

        private static boolean breaksConstraints(Shape scalarShape, JsonNode node) {
            return !Scalar.read(scalarShape, node).failures(scalarShape).isEmpty();
        }

        private void sizeFailures(Member member, int size, String shown, String path) {
            rangeFailures(member.shape(), "length", BigDecimal.valueOf(size))
                    .forEach(constraint -> fail(member, shown, path, constraint));
        }

        /** Records a failure; {@code shown} is the value as the message prints it, or null to leave it out. */
        private void fail(Member member, String shown, String path, String constraint) {
            String value = shown == null || member.isSensitive() ? "Value" : "Value " + shown;
            violations.add(value + " at '" + path + "' failed to satisfy constraint: " + constraint);
        }
    }

    /**
     * A scalar read from JSON: what its range constraint measures (length of a string in code points
     * or of a blob in bytes, or the value of a number) and how messages show it.
     */
    private record Scalar(ShapeType type, String text, BigDecimal measure, String shown) {

        static Scalar read(Shape shape, JsonNode node) {
            return switch (shape.type()) {
                case STRING -> {
                    String text = requireText(node, shape.type());
                    yield new Scalar(shape.type(), text, BigDecimal.valueOf(text.codePointCount(0, text.length())), text);
                }
                case BLOB -> {
                    int length = decodeBase64(node).length;
                    yield new Scalar(shape.type(), null, BigDecimal.valueOf(length),
                            "java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]");
                }
                case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> {
                    BigDecimal number = number(node, shape.type());
                    yield new Scalar(shape.type(), null, number, number.toPlainString());
                }
                case BOOLEAN -> {
                    if (!node.isBoolean()) {
                        throw cannotConvert(node, shape.type());
                    }
                    yield new Scalar(shape.type(), null, null, node.asText());
                }
                case STRUCTURE, LIST, MAP -> throw new IllegalArgumentException(shape.name() + " is not a scalar");
            };
        }

        String quoted() {
            return "'" + shown + "'";
        }

        /** The constraints of {@code shape} this value breaks, in the order Coral lists them. */
        List<String> failures(Shape shape) {
            List<String> failed = new ArrayList<>();
            if (measure != null) {
                failed.addAll(rangeFailures(shape, rangeKind(type), measure));
            }
            if (text != null) {
                shape.pattern()
                        .filter(pattern -> !pattern.matcher(text).matches())
                        .ifPresent(pattern -> failed.add(patternConstraint(pattern)));
                if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
                    failed.add(enumConstraint(shape));
                }
            }
            return failed;
        }
    }

    private static List<String> rangeFailures(Shape shape, String kind, BigDecimal measure) {
        List<String> failed = new ArrayList<>(1);
        shape.max().filter(max -> measure.compareTo(max) > 0).ifPresent(max -> failed.add(maxConstraint(kind, max)));
        shape.min().filter(min -> measure.compareTo(min) < 0).ifPresent(min -> failed.add(minConstraint(kind, min)));
        return failed;
    }

    /** Every constraint of a scalar shape, as Coral lists them for the elements of a list or map. */
    private static String allConstraints(Shape shape) {
        List<String> constraints = new ArrayList<>();
        String kind = rangeKind(shape.type());
        shape.max().ifPresent(max -> constraints.add(maxConstraint(kind, max)));
        shape.min().ifPresent(min -> constraints.add(minConstraint(kind, min)));
        shape.pattern().ifPresent(pattern -> constraints.add(patternConstraint(pattern)));
        if (!shape.enumValues().isEmpty()) {
            constraints.add(enumConstraint(shape));
        }
        return "[" + String.join(", ", constraints) + "]";
    }

    private static String maxConstraint(String kind, BigDecimal max) {
        return "Member must have " + kind + " less than or equal to " + max.toPlainString();
    }

    private static String minConstraint(String kind, BigDecimal min) {
        return "Member must have " + kind + " greater than or equal to " + min.toPlainString();
    }

    private static String patternConstraint(Pattern pattern) {
        return "Member must satisfy regular expression pattern: " + pattern.pattern();
    }

    private static String enumConstraint(Shape shape) {
        return "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]";
    }

    /** Strings, blobs, lists and maps are bounded in length; numbers in value. */
    private static String rangeKind(ShapeType type) {
        return switch (type) {
            case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> "value";
            default -> "length";
        };
    }

    private static boolean isScalar(Shape shape) {
        return switch (shape.type()) {
            case STRUCTURE, LIST, MAP -> false;
            default -> true;
        };
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String childPath(String parent, String memberName) {
        String name = Character.toLowerCase(memberName.charAt(0)) + memberName.substring(1);
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static JsonNode requireObject(JsonNode node, String scalarMessage) {
        if (node.isObject()) {
            return node;
        }
        throw node.isArray() ? startOfList() : new SerializationException(scalarMessage);
    }

    private static String requireText(JsonNode node, ShapeType type) {
        if (!node.isTextual()) {
            throw cannotConvert(node, type);
        }
        return node.textValue();
    }

    /**
     * Reads a number as Coral does: integer shapes truncate a fraction toward zero, and a number too
     * large for a Java long (or, for the other types, a double) cannot be converted.
     */
    private static BigDecimal number(JsonNode node, ShapeType type) {
        if (!node.isNumber()) {
            throw cannotConvert(node, type);
        }
        BigDecimal value;
        if (node.isIntegralNumber()) {
            value = node.decimalValue();
        } else if (Double.isFinite(node.doubleValue())) {
            value = BigDecimal.valueOf(node.doubleValue());
        } else {
            throw numberTooLarge(type);
        }
        if (type != ShapeType.INTEGER && type != ShapeType.LONG) {
            return value;
        }
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            throw numberTooLarge(type);
        }
        return value.setScale(0, RoundingMode.DOWN);
    }

    private static SerializationException numberTooLarge(ShapeType type) {
        return new SerializationException("NUMBER_VALUE can not be converted to " + javaType(type));
    }

    private static byte[] decodeBase64(JsonNode node) {
        if (!node.isTextual()) {
            throw node.isContainerNode() ? unexpectedStart(node)
                    : new SerializationException("only base-64-encoded strings are convertible to bytes");
        }
        String text = node.textValue();
        // Java's decoder accepts missing padding; Coral's does not.
        if (text.length() % 4 != 0) {
            throw new SerializationException(
                    "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Invalid Base64 encoded data");
        }
    }

    private static SerializationException cannotConvert(JsonNode node, ShapeType target) {
        if (node.isContainerNode()) {
            return unexpectedStart(node);
        }
        String token = switch (node.getNodeType()) {
            case STRING -> "STRING_VALUE";
            case NUMBER -> "NUMBER_VALUE";
            case BOOLEAN -> node.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
            default -> throw new IllegalArgumentException("Not a value parsed from JSON text: " + node.getNodeType());
        };
        return new SerializationException(token + " can not be converted to " + javaType(target));
    }

    /** The Java type Coral names in its conversion messages, with its article. */
    private static String javaType(ShapeType type) {
        return switch (type) {
            case STRING -> "a String";
            case INTEGER -> "an Integer";
            case LONG -> "a Long";
            case DOUBLE -> "a Double";
            case FLOAT -> "a Float";
            case BOOLEAN -> "a Boolean";
            case TIMESTAMP -> "a Date";
            case BLOB, STRUCTURE, LIST, MAP -> throw new IllegalArgumentException(type + " has no scalar conversion");
        };
    }

    private static SerializationException unexpectedStart(JsonNode container) {
        return container.isArray() ? startOfList() : startOfStructure();
    }

    private static SerializationException startOfList() {
        return new SerializationException("Start of list found where not expected");
    }

    private static SerializationException startOfStructure() {
        return new SerializationException("Start of structure or map found where not expected.");
    }
}
