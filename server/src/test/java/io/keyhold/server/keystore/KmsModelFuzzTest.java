package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.RawKmsHttp.AMZ_JSON;
import static io.keyhold.server.keystore.TestAccount.FUZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.keyhold.api.error.KmsException;
import io.keyhold.server.limits.LimitsProperties;
import io.keyhold.server.limits.RequestJson;
import io.keyhold.server.wire.KmsOperations;
import io.keyhold.server.wire.KmsServiceModel;
import io.keyhold.server.wire.KmsServiceModel.Member;
import io.keyhold.server.wire.KmsServiceModel.Shape;
import io.keyhold.server.wire.KmsServiceModel.ShapeType;
import io.keyhold.server.wire.RequestValidator;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Requests generated from the KMS model for every operation Keyhold serves: each member with the
 * wrong JSON type, out of its length or range, against its pattern or enum, or null where required;
 * then seeded random documents and bytes. Every one must get a 4xx KMS error with a request id (the
 * error the model predicts, read through the same parser and validator the server uses), the server
 * must keep serving, and no rejected request may leave an event.
 */
class KmsModelFuzzTest extends KeyholdEndToEndTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final KmsServiceModel MODEL = KmsServiceModel.fromClasspath();
    private static final RequestValidator VALIDATOR = new RequestValidator(MODEL);
    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final RequestJson PARSER = new RequestJson(new LimitsProperties(
            DataSize.ofBytes(MAX_REQUEST_BYTES), 16, 140_000, 64, 5, 1800));
    private static final long SEED = 20_261_204L;
    private static final int RANDOM_DOCUMENTS = 300;
    /** Valid values for the patterned strings that some request requires. */
    private static final Map<String, String> SAMPLES = Map.of(
            "AliasNameType", "alias/fuzz",
            "XksProxyAuthenticationAccessKeyIdType", "ABCDEFGHIJKLMNOPQRST",
            "XksProxyAuthenticationRawSecretAccessKeyType", "a".repeat(43));

    @Autowired
    List<KmsOperations> groups;

    private final List<String> requestIds = new ArrayList<>();
    /** One client for the whole run: a new one per request would cost more than the request. */
    private RawKmsHttp raw;

    @TestFactory
    Stream<DynamicNode> everyInvalidRequestGetsAKmsClientErrorAndChangesNothing() {
        long lastEventBefore = lastEvent();
        raw = raw();
        Set<String> operations = new TreeSet<>();
        groups.forEach(group -> operations.addAll(group.operations().keySet()));
        Stream<DynamicNode> perMember = operations.stream()
                .map(operation -> dynamicContainer(operation, memberCases(operation).stream()
                        .map(c -> dynamicTest(c.name(), () -> send(c)))));
        List<String> operationList = List.copyOf(operations);
        Stream<DynamicNode> random = Stream.of(dynamicContainer("random documents", randomCases(operationList).stream()
                .map(c -> dynamicTest(c.name(), () -> send(c)))));
        Stream<DynamicNode> after = Stream.of(
                dynamicTest("the server still answers a valid request", () -> {
                    HttpResponse<String> response = raw.call(FUZZ, "DescribeCustomKeyStores", "{}");
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                }),
                dynamicTest("no rejected request wrote an event", () -> {
                    assertThat(requestIds).hasSizeGreaterThan(1000);
                    List<String> metadata = jdbc.query("select meta_data from domain_event_entry where global_index > ?",
                            (row, n) -> new String(row.getBytes(1), StandardCharsets.UTF_8), lastEventBefore);
                    for (String meta : metadata) {
                        assertThat(meta).doesNotContain(FUZZ.accountId());
                        requestIds.forEach(id -> assertThat(meta).doesNotContain(id));
                    }
                }));
        return Stream.of(perMember, random, after).flatMap(s -> s);
    }

    /** One request: its body and the error the model predicts. */
    private record Case(String operation, String name, byte[] body, String expectedError) {
    }

    private void send(Case c) {
        HttpResponse<String> response = raw.signedPost("TrentService." + c.operation(), FUZZ.accessKeyId(),
                AMZ_JSON, c.body());
        int expectedStatus = "RequestEntityTooLargeException".equals(c.expectedError()) ? 413 : 400;
        HostileInputTest.assertError(response, expectedStatus, c.expectedError());
        requestIds.add(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    // ---- one member at a time

    private List<Case> memberCases(String operation) {
        Shape input = MODEL.inputShape(operation);
        ObjectNode base = valid(input);
        assertThat(expectedError(operation, bytes(base))).as("a valid %s request", operation).isNull();
        List<Case> cases = new ArrayList<>();
        collect(operation, base, input, List.of(), cases, 0);
        return cases;
    }

    /** Every member of {@code structure} at {@code path}, and the members of the structures below it. */
    private void collect(String operation, ObjectNode base, Shape structure, List<Object> path, List<Case> cases,
                         int depth) {
        for (Member member : structure.members().values()) {
            List<Object> memberPath = append(path, member.name());
            String label = String.join(".", memberPath.stream().map(String::valueOf).toList());
            for (Map.Entry<String, JsonNode> fault : faults(member, structure.required().contains(member.name()))) {
                byte[] body = bytes(withValue(MODEL.inputShape(operation), base, memberPath, fault.getValue()));
                String expected = expectedError(operation, body);
                if (expected != null) {
                    cases.add(new Case(operation, label + " " + fault.getKey(), body, expected));
                }
            }
            Shape shape = member.shape();
            if (depth < 4 && shape.type() == ShapeType.STRUCTURE) {
                collect(operation, base, shape, memberPath, cases, depth + 1);
            } else if (depth < 4 && shape.type() == ShapeType.LIST && shape.listMember().shape().type() == ShapeType.STRUCTURE) {
                collect(operation, base, shape.listMember().shape(), append(memberPath, 0), cases, depth + 1);
            }
        }
    }

    /** Invalid values for a member, by name: wrong JSON types, then broken constraints. */
    private static List<Map.Entry<String, JsonNode>> faults(Member member, boolean required) {
        Shape shape = member.shape();
        List<Map.Entry<String, JsonNode>> faults = new ArrayList<>();
        if (required) {
            faults.add(Map.entry("null", JSON.nullNode()));
        }
        JsonNode text = JSON.textNode("text");
        JsonNode number = JSON.numberNode(42);
        JsonNode bool = JSON.booleanNode(true);
        JsonNode list = JSON.arrayNode().add(1);
        JsonNode object = JSON.objectNode().put("a", 1);
        switch (shape.type()) {
            case STRING -> {
                wrongTypes(faults, number, bool, list, object);
                shape.min().filter(min -> min.signum() > 0).ifPresent(min -> faults.add(Map.entry("too short",
                        JSON.textNode("a".repeat(min.intValue() - 1)))));
                shape.max().ifPresent(max -> faults.add(Map.entry("too long", JSON.textNode("a".repeat(max.intValue() + 1)))));
                shape.pattern().ifPresent(pattern -> faults.add(Map.entry("against its pattern",
                        JSON.textNode(Stream.of("!", "\u0100", " ").map(c -> c.repeat(validLength(shape)))
                                .filter(candidate -> !pattern.matcher(candidate).matches()).findFirst().orElseThrow()))));
                if (!shape.enumValues().isEmpty()) {
                    faults.add(Map.entry("not in its enum", JSON.textNode("NOT_" + shape.enumValues().get(0))));
                    faults.add(Map.entry("enum in lower case", JSON.textNode(shape.enumValues().get(0).toLowerCase())));
                }
            }
            case BLOB -> {
                wrongTypes(faults, number, bool, list, object);
                faults.add(Map.entry("not base64", JSON.textNode("not base64!")));
                faults.add(Map.entry("base64 without padding", JSON.textNode("AAA")));
                shape.min().filter(min -> min.signum() > 0).ifPresent(min -> faults.add(Map.entry("too short",
                        JSON.textNode(Base64.getEncoder().encodeToString(new byte[min.intValue() - 1])))));
                shape.max().ifPresent(max -> faults.add(Map.entry("too long",
                        JSON.textNode(Base64.getEncoder().encodeToString(new byte[max.intValue() + 1])))));
            }
            case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> {
                wrongTypes(faults, text, bool, list, object);
                faults.add(Map.entry("beyond a long", JSON.numberNode(new BigDecimal("1e30").toBigInteger())));
                faults.add(Map.entry("infinite", JSON.rawValueNode(new RawValue("1e999"))));
                shape.min().ifPresent(min -> faults.add(Map.entry("below its range", JSON.numberNode(min.subtract(BigDecimal.ONE)))));
                shape.max().ifPresent(max -> faults.add(Map.entry("above its range", JSON.numberNode(max.add(BigDecimal.ONE)))));
            }
            case BOOLEAN -> wrongTypes(faults, text, number, list, object);
            case STRUCTURE -> wrongTypes(faults, text, number, bool, list);
            case LIST -> {
                wrongTypes(faults, text, number, bool, object);
                faults.add(Map.entry("with an element of the wrong type", JSON.arrayNode().add(JSON.objectNode().putArray("x"))));
                shape.max().ifPresent(max -> {
                    ArrayNode tooMany = JSON.arrayNode();
                    for (int i = 0; i <= max.intValue(); i++) {
                        tooMany.add(validValue(shape.listMember().shape()));
                    }
                    faults.add(Map.entry("with too many elements", tooMany));
                });
            }
            case MAP -> {
                wrongTypes(faults, text, number, bool, list);
                faults.add(Map.entry("with a value of the wrong type", JSON.objectNode().set("k", JSON.arrayNode())));
            }
        }
        return faults;
    }

    private static void wrongTypes(List<Map.Entry<String, JsonNode>> faults, JsonNode... values) {
        for (JsonNode value : values) {
            faults.add(Map.entry("as " + value.getNodeType().name().toLowerCase(), value));
        }
    }

    // ---- valid values

    private static ObjectNode valid(Shape structure) {
        ObjectNode node = JSON.objectNode();
        structure.required().forEach(name -> node.set(name, validValue(structure.members().get(name).shape())));
        return node;
    }

    private static JsonNode validValue(Shape shape) {
        return switch (shape.type()) {
            case STRING -> {
                if (!shape.enumValues().isEmpty()) {
                    yield JSON.textNode(shape.enumValues().get(0));
                }
                if (shape.pattern().isPresent()) {
                    String sample = SAMPLES.get(shape.name());
                    assertThat(sample).as("a valid sample for %s", shape.name()).isNotNull();
                    yield JSON.textNode(sample);
                }
                yield JSON.textNode("a".repeat(validLength(shape)));
            }
            case BLOB -> JSON.textNode(Base64.getEncoder().encodeToString(new byte[validLength(shape)]));
            case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> JSON.numberNode(shape.min().orElse(BigDecimal.ONE));
            case BOOLEAN -> JSON.booleanNode(false);
            case STRUCTURE -> valid(shape);
            case LIST -> {
                ArrayNode list = JSON.arrayNode();
                for (int i = 0; i < shape.min().orElse(BigDecimal.ZERO).intValue(); i++) {
                    list.add(validValue(shape.listMember().shape()));
                }
                yield list;
            }
            case MAP -> JSON.objectNode();
        };
    }

    private static int validLength(Shape shape) {
        return Math.max(1, shape.min().orElse(BigDecimal.ONE).intValue());
    }

    /** A copy of {@code base} with the member at {@code path} set, its missing ancestors made valid. */
    private static ObjectNode withValue(Shape input, ObjectNode base, List<Object> path, JsonNode value) {
        ObjectNode copy = base.deepCopy();
        JsonNode parent = copy;
        Shape shape = input;
        for (Object step : path.subList(0, path.size() - 1)) {
            if (step instanceof String name) {
                shape = shape.members().get(name).shape();
                ObjectNode object = (ObjectNode) parent;
                if (!object.has(name)) {
                    object.set(name, shape.type() == ShapeType.LIST ? JSON.arrayNode() : validValue(shape));
                }
                parent = object.get(name);
            } else {
                shape = shape.listMember().shape();
                ArrayNode array = (ArrayNode) parent;
                if (array.isEmpty()) {
                    array.add(validValue(shape));
                }
                parent = array.get(0);
            }
        }
        ((ObjectNode) parent).set((String) path.get(path.size() - 1), value);
        return copy;
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }

    // ---- random documents

    private static List<Case> randomCases(List<String> operations) {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        while (cases.size() < RANDOM_DOCUMENTS) {
            String operation = operations.get(random.nextInt(operations.size()));
            byte[] body = switch (random.nextInt(10)) {
                case 0 -> randomBytes(random);
                case 1 -> bytes(randomValue(random, 0, MODEL.inputShape(operation)));
                default -> bytes(randomObject(random, MODEL.inputShape(operation), 0));
            };
            String expected = expectedError(operation, body);
            if (expected != null) {
                cases.add(new Case(operation, "#" + cases.size() + " " + operation, body, expected));
            }
        }
        return cases;
    }

    private static ObjectNode randomObject(Random random, Shape structure, int depth) {
        ObjectNode node = JSON.objectNode();
        List<Member> members = List.copyOf(structure.members().values());
        int count = members.isEmpty() ? 0 : random.nextInt(members.size() + 1);
        for (int i = 0; i < count; i++) {
            Member member = members.get(random.nextInt(members.size()));
            boolean sampled = member.shape().pattern().isEmpty() || SAMPLES.containsKey(member.shape().name());
            node.set(member.name(), sampled && random.nextInt(3) == 0 ? validValue(member.shape())
                    : randomValue(random, depth + 1, member.shape()));
        }
        if (random.nextInt(4) == 0) {
            node.set(randomString(random, 12), randomValue(random, depth + 1, structure));
        }
        return node;
    }

    private static JsonNode randomValue(Random random, int depth, Shape shape) {
        int kind = depth > 20 ? random.nextInt(5) : random.nextInt(8);
        return switch (kind) {
            case 0 -> JSON.nullNode();
            case 1 -> JSON.booleanNode(random.nextBoolean());
            case 2 -> random.nextBoolean() ? JSON.numberNode(random.nextLong()) : JSON.numberNode(random.nextGaussian() * 1e6);
            case 3, 4 -> JSON.textNode(randomString(random, random.nextInt(40)));
            case 5 -> {
                ArrayNode array = JSON.arrayNode();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(randomValue(random, depth + 1, shape));
                }
                yield array;
            }
            case 6 -> shape.type() == ShapeType.STRUCTURE ? randomObject(random, shape, depth + 1) : JSON.objectNode()
                    .set(randomString(random, 5), randomValue(random, depth + 1, shape));
            default -> {
                // deep nesting, sometimes past the limit
                JsonNode nested = JSON.numberNode(1);
                for (int i = random.nextInt(30); i > 0; i--) {
                    nested = JSON.arrayNode().add(nested);
                }
                yield nested;
            }
        };
    }

    private static String randomString(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                text.append((char) random.nextInt(0x20));
            } else if (kind == 1) {
                text.append((char) (0xD800 + random.nextInt(0x800)));
            } else if (kind == 2) {
                text.appendCodePoint(0x80 + random.nextInt(0x10FF80));
            } else {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            bytes[0] = '{';
        }
        return bytes;
    }

    // ---- the model's verdict

    /** The error the server must answer {@code body} with, or null if the request is valid. */
    private static String expectedError(String operation, byte[] body) {
        if (body.length > MAX_REQUEST_BYTES) {
            return "RequestEntityTooLargeException";
        }
        try {
            VALIDATOR.validate(operation, PARSER.read(body, new MockHttpServletRequest()));
            return null;
        } catch (KmsException e) {
            return e.errorName();
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long lastEvent() {
        Long last = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return last == null ? -1 : last;
    }
}
