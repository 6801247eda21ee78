package io.keyhold.server.crypto;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.server.config.AxonConfig;

import java.util.Optional;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What any node needs to open its own session to a connected store: the current connection
 * attempt and its target with the credential now in force (the rotated kmsuser password, the
 * updated XKS secret). Kept in {@code key_store_session_target} in the command's transaction.
 */
@Component
@ProcessingGroup(SessionTargets.PROCESSING_GROUP)
public class SessionTargets {

    public static final String PROCESSING_GROUP = "keystore-sessions";

    /** The attempt a store is connected through, and what it connects to. */
    public record SessionTarget(String attemptId, ConnectionTarget target) {
    }

    private final JdbcClient jdbc;
    private final Serializer serializer = AxonConfig.jacksonSerializer();

    public SessionTargets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SessionTarget> find(String storeId) {
        return jdbc.sql("select attempt_id, target_json from key_store_session_target where custom_key_store_id = ?")
                .param(storeId)
                .query((rs, row) -> new SessionTarget(rs.getString(1), read(rs.getString(2))))
                .optional();
    }

    @EventHandler
    public void on(KeyStoreConnecting event) {
        jdbc.sql("delete from key_store_session_target where custom_key_store_id = ?")
                .param(event.customKeyStoreId())
                .update();
        jdbc.sql("insert into key_store_session_target (custom_key_store_id, attempt_id, target_json) values (?, ?, ?)")
                .params(event.customKeyStoreId(), event.attemptId(), write(event.target()))
                .update();
    }

    @EventHandler
    public void on(KmsUserCredentialRotated event) {
        change(event.customKeyStoreId(), target -> target.withCredentialRef(event.credentialRef()));
    }

    @EventHandler
    public void on(KeyStoreCredentialUpdated event) {
        change(event.customKeyStoreId(), target -> target.withCredentialRef(event.credentialRef()));
    }

    @EventHandler
    public void on(XksProxyConfigurationChanged event) {
        change(event.customKeyStoreId(), target -> target.withXksProxy(event.xksProxy()));
    }

    @EventHandler
    public void on(CustomKeyStoreDeleted event) {
        jdbc.sql("delete from key_store_session_target where custom_key_store_id = ?")
                .param(event.customKeyStoreId())
                .update();
    }

    private void change(String storeId, UnaryOperator<ConnectionTarget> change) {
        find(storeId).ifPresent(current -> jdbc.sql(
                        "update key_store_session_target set target_json = ? where custom_key_store_id = ?")
                .params(write(change.apply(current.target())), storeId)
                .update());
    }

    private String write(ConnectionTarget target) {
        return serializer.serialize(target, String.class).getData();
    }

    private ConnectionTarget read(String json) {
        SerializedObject<String> serialized = new SimpleSerializedObject<>(json, String.class,
                new SimpleSerializedType(ConnectionTarget.class.getName(), null));
        return serializer.deserialize(serialized);
    }
}
