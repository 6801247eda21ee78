package io.keyhold.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The KMS service model in botocore {@code service-2.json} form, reduced to what request
 * validation needs: the operations, their input shapes and the constraints on every shape those
 * inputs reach.
 *
 * <p>The model is parsed once and is immutable afterwards; regular expressions are compiled at load
 * time so that a pattern Java cannot compile fails at startup rather than on the first request.
 * Shapes refer to each other directly, so recursive shapes need no special handling. A model that
 * names a shape it does not define, or uses a shape type outside {@link ShapeType}, is rejected.
 */
public final class KmsServiceModel {

    private static final String CLASSPATH_RESOURCE = "/kms-model.json";

    /** Operation name to input shape, in model order. */
    private final Map<String, Shape> inputs;

    private KmsServiceModel(Map<String, Shape> inputs) {
        this.inputs = Collections.unmodifiableMap(inputs);
    }

    /** Loads the model bundled at {@code /kms-model.json} on the classpath. */
    public static KmsServiceModel fromClasspath() {
        try (InputStream json = KmsServiceModel.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath");
            }
            return load(json);
        } catch (IOException e) {
            // The resource ships inside the application, so failing to read it is not recoverable.
            throw new UncheckedIOException("Cannot read " + CLASSPATH_RESOURCE, e);
        }
    }

    /**
     * Parses a model in botocore {@code service-2.json} form.
     *
     * @throws IllegalArgumentException if the model is not one this class can validate against
     */
    public static KmsServiceModel load(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.path("shapes").isObject() || !root.path("operations").isObject()) {
            throw new IllegalArgumentException("Not a botocore service model: no shapes or operations");
        }
        Map<String, Shape> shapes = new HashMap<>();
        root.get("shapes").properties()
                .forEach(entry -> shapes.put(entry.getKey(), new Shape(entry.getKey(), entry.getValue())));
        // Members are linked in a second pass because a shape may refer to one defined after it.
        root.get("shapes").properties()
                .forEach(entry -> shapes.get(entry.getKey()).link(entry.getValue(), shapes));

        Map<String, Shape> inputs = new LinkedHashMap<>();
        root.get("operations").properties().forEach(entry -> {
            String inputName = entry.getValue().path("input").path("shape").asText(null);
            if (inputName == null) {
                // Every KMS operation has an input structure; anything else is a model we do not know.
                throw new IllegalArgumentException("Operation " + entry.getKey() + " has no input shape");
            }
            inputs.put(entry.getKey(), resolve(inputName, shapes));
        });
        return new KmsServiceModel(inputs);
    }

    public boolean hasOperation(String name) {
        return inputs.containsKey(name);
    }

    /** The names of all operations, in model order. */
    public Set<String> operationNames() {
        return inputs.keySet();
    }

    /**
     * The input structure of an operation.
     *
     * @throws IllegalArgumentException if the model has no such operation
     */
    public Shape inputShape(String operation) {
        Shape shape = inputs.get(operation);
        if (shape == null) {
            throw new IllegalArgumentException("Unknown operation: " + operation);
        }
        return shape;
    }

    private static Shape resolve(String name, Map<String, Shape> shapes) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("The model refers to undefined shape " + name);
        }
        return shape;
    }

    /** The botocore shape types a KMS request can carry. */
    public enum ShapeType {
        STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, BLOB, TIMESTAMP, STRUCTURE, LIST, MAP;

        static ShapeType of(String botocoreName, String shapeName) {
            try {
                return valueOf(botocoreName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Shape " + shapeName + " has unsupported type '" + botocoreName + "'", e);
            }
        }
    }

    /**
     * A reference to a shape from a structure member, a list element or a map key or value. The
     * reference can be marked sensitive on its own, independently of the shape it targets.
     */
    public record Member(String name, Shape shape, boolean sensitive) {

        /** True if the value must be kept out of messages, whether the member or its shape says so. */
        public boolean isSensitive() {
            return sensitive || shape.isSensitive();
        }
    }

    /**
     * A named shape with its constraints. {@code min} and {@code max} bound the length of a string
     * (in code points), a blob (in bytes), a list or a map (in entries), and the value of a number.
     */
    public static final class Shape {

        private final String name;
        private final ShapeType type;
        private final boolean sensitive;
        private final BigDecimal min;
        private final BigDecimal max;
        private final Pattern pattern;
        private final List<String> enumValues;

        // Set once by link(), while the model is loaded; never changed afterwards.
        private Map<String, Member> members = Map.of();
        private Set<String> required = Set.of();
        private Member listMember;
        private Member mapKey;
        private Member mapValue;

        private Shape(String name, JsonNode definition) {
            this.name = name;
            this.type = ShapeType.of(definition.path("type").asText(), name);
            this.sensitive = definition.path("sensitive").asBoolean(false);
            this.min = definition.has("min") ? definition.get("min").decimalValue() : null;
            this.max = definition.has("max") ? definition.get("max").decimalValue() : null;
            this.pattern = definition.has("pattern") ? Pattern.compile(definition.get("pattern").asText()) : null;
            this.enumValues = definition.has("enum") ? textValues(definition.get("enum")) : List.of();
        }

        private void link(JsonNode definition, Map<String, Shape> shapes) {
            switch (type) {
                case STRUCTURE -> {
                    Map<String, Member> linked = new LinkedHashMap<>();
                    definition.path("members").properties().forEach(entry ->
                            linked.put(entry.getKey(), member(entry.getKey(), entry.getValue(), shapes)));
                    members = Collections.unmodifiableMap(linked);
                    required = Collections.unmodifiableSet(new LinkedHashSet<>(textValues(definition.path("required"))));
                }
                case LIST -> listMember = member("member", definition.path("member"), shapes);
                case MAP -> {
                    mapKey = member("key", definition.path("key"), shapes);
                    mapValue = member("value", definition.path("value"), shapes);
                }
                default -> {
                    // Scalars refer to no other shape.
                }
            }
        }

        private Member member(String memberName, JsonNode reference, Map<String, Shape> shapes) {
            String target = reference.path("shape").asText(null);
            if (target == null) {
                throw new IllegalArgumentException("Shape " + name + " member " + memberName + " names no shape");
            }
            return new Member(memberName, resolve(target, shapes), reference.path("sensitive").asBoolean(false));
        }

        private static List<String> textValues(JsonNode array) {
            return array.valueStream().map(JsonNode::asText).toList();
        }

        public String name() {
            return name;
        }

        public ShapeType type() {
            return type;
        }

        public boolean isSensitive() {
            return sensitive;
        }

        public Optional<BigDecimal> min() {
            return Optional.ofNullable(min);
        }

        public Optional<BigDecimal> max() {
            return Optional.ofNullable(max);
        }

        /** The pattern compiled from the model text, which {@link Pattern#pattern()} gives back unchanged. */
        public Optional<Pattern> pattern() {
            return Optional.ofNullable(pattern);
        }

        /** The allowed values of an enum string, in model order; empty if the string is not an enum. */
        public List<String> enumValues() {
            return enumValues;
        }

        /** The members of a structure, in model order; empty for other shapes. */
        public Map<String, Member> members() {
            return members;
        }

        /** The names of the structure members that must be present; empty for other shapes. */
        public Set<String> required() {
            return required;
        }

        /** The element of a list. */
        public Member listMember() {
            return linked(listMember, ShapeType.LIST);
        }

        /** The key of a map. */
        public Member mapKey() {
            return linked(mapKey, ShapeType.MAP);
        }

        /** The value of a map. */
        public Member mapValue() {
            return linked(mapValue, ShapeType.MAP);
        }

        private Member linked(Member member, ShapeType expected) {
            if (type != expected) {
                throw new IllegalStateException(name + " is a " + type + ", not a " + expected);
            }
            return member;
        }
    }
}
