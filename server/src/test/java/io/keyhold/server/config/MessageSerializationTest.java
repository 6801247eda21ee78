package io.keyhold.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.connection.KeyStoreConnectionSaga;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every record of the message API (commands, events, queries, views) survives the serializer
 * Keyhold stores events with: found by scanning, so a new record is covered without a new test.
 */
class MessageSerializationTest {

    private final Serializer serializer = AxonConfig.jacksonSerializer();

    static Stream<Class<?>> apiRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(Record.class));
        return scanner.findCandidateComponents("io.keyhold.api").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(MessageSerializationTest::load);
    }

    @Test
    void theScanFindsTheMessageApi() {
        assertThat(apiRecords().map(Class::getSimpleName)).contains("CreateCustomKeyStoreCommand",
                "CustomKeyStoreCreated", "KeyStoreConnected", "KeyStoreDisconnected", "FetchCustomKeyStoresQuery",
                "CustomKeyStorePage");
    }

    @ParameterizedTest
    @MethodSource("apiRecords")
    void recordSurvivesTheEventSerializer(Class<?> type) {
        Object original = sample(type, 0);
        SerializedObject<byte[]> serialized = serializer.serialize(original, byte[].class);
        assertThat(serialized.getType().getName()).isEqualTo(type.getName());
        Object copy = serializer.deserialize(serialized);
        assertThat(copy).isEqualTo(original);
    }

    @Test
    void secretsAreRedactedInTheirStringForm() {
        assertThat(new Secret("kmsuser-password").toString()).doesNotContain("kmsuser-password");
    }

    @Test
    void connectionSagaSurvivesTheGeneralSerializer() {
        KeyStoreConnectionSaga saga = new KeyStoreConnectionSaga();
        saga.setCustomKeyStoreId("cks-0123456789abcdef0");
        saga.setAttemptId("attempt");
        saga.setType(CustomKeyStoreType.EXTERNAL_KEY_STORE);
        saga.setDeadlineId("deadline");
        saga.setRequestMetadata(Map.of("accountId", "000000000000", "requestId", "request"));
        saga.setTarget(new ConnectionTarget(CustomKeyStoreType.EXTERNAL_KEY_STORE, null,
                new XksProxySettings("https://xks.example.com", "/kms/xks/v1", XksProxyConnectivity.PUBLIC_ENDPOINT,
                        null, null, "ABCDEFGHIJKLMNOPQRST"), "ref"));
        saga.setHealthCheckId("health-check");
        KeyStoreConnectionSaga copy = serializer.deserialize(serializer.serialize(saga, byte[].class));
        assertThat(copy).usingRecursiveComparison().isEqualTo(saga);
    }

    /** A record filled with distinct, non-null values, nested records included. */
    private static Object sample(Class<?> type, int depth) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = value(components[i].getType(), components[i].getGenericType(), components[i].getName(), depth);
            }
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a sample " + type.getName(), e);
        }
    }

    private static Object value(Class<?> type, Type generic, String name, int depth) {
        if (type == String.class) {
            return name + "-value";
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-12-04T10:15:30.123456Z");
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (type.isRecord()) {
            return sample(type, depth + 1);
        }
        if (type == List.class) {
            Class<?> element = (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(value(element, element, name, depth + 1));
        }
        throw new IllegalStateException("no sample value for " + type.getName() + " " + name);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
