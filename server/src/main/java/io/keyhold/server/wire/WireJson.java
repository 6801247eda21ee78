package io.keyhold.server.wire;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Function;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reading validated request members, sending the command a request stands for, and writing response
 * members as the KMS JSON 1.1 protocol has them.
 */
final class WireJson {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WireJson() {
    }

    static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Integer integer(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.intValue();
    }

    static boolean bool(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.asBoolean(false);
    }

    /** A blob member; the validator has already checked it is Base64 within the model's bounds. */
    static byte[] blob(JsonNode node, String member) {
        String value = text(node, member);
        return value == null ? null : Base64.getDecoder().decode(value);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static <E extends Enum<E>> E enumValue(JsonNode node, String member, Function<String, E> parse) {
        String value = text(node, member);
        return value == null ? null : parse.apply(value);
    }

    static void putIfPresent(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }

    /** AWS JSON timestamps: epoch seconds as a number, here with microsecond precision. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(ChronoUnit.MICROS.between(Instant.EPOCH, instant), 6).stripTrailingZeros();
    }

    /** Sends {@code command} with the request's audit metadata and waits for its result. */
    static <R> R send(CommandGateway commands, Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
