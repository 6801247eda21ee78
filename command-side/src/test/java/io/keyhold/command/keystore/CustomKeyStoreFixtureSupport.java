package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.INITIAL_REF;
import static io.keyhold.command.testsupport.KeyStoreTestData.RELATED_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.UNRELATED_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.SECRET_ACCESS_KEY;

import io.keyhold.command.testsupport.InMemoryKeyStoreLookup;
import io.keyhold.command.testsupport.InMemoryKmsKeyLookup;
import io.keyhold.command.testsupport.RecordingSecretStore;
import io.keyhold.command.testsupport.RecordingXksProxyProbe;
import io.keyhold.command.testsupport.TestCertificates;
import io.keyhold.command.testsupport.TestHsmCluster;
import io.keyhold.connector.hsm.HsmClusters;

import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;

/**
 * An AggregateTestFixture for CustomKeyStore with its handler resources registered: in-memory store
 * and key lookups, a recording secret store, a recording XKS probe and real HsmClusters over test
 * clusters.
 */
abstract class CustomKeyStoreFixtureSupport {

    protected AggregateTestFixture<CustomKeyStore> fixture;
    protected InMemoryKeyStoreLookup lookup;
    /** No keys unless a test adds some. */
    protected InMemoryKmsKeyLookup keys;
    protected RecordingSecretStore secrets;
    /** The store's own cluster. */
    protected TestHsmCluster cluster;
    /** Shares the cluster certificate (backup history) of {@link #cluster}. */
    protected TestHsmCluster relatedCluster;
    /** A different cluster certificate. */
    protected TestHsmCluster unrelatedCluster;
    protected RecordingXksProxyProbe xksProxies;

    @BeforeEach
    void setUpFixture() {
        lookup = new InMemoryKeyStoreLookup();
        // the credential of the stores that tests start from, as the store's Create would have kept it
        secrets = new RecordingSecretStore().preload(INITIAL_REF, STORE_ID, SECRET_ACCESS_KEY);
        cluster = TestHsmCluster.usable(CLUSTER_ID, TestCertificates.CLUSTER_CERTIFICATE);
        relatedCluster = TestHsmCluster.usable(RELATED_CLUSTER_ID, TestCertificates.CLUSTER_CERTIFICATE);
        unrelatedCluster = TestHsmCluster.usable(UNRELATED_CLUSTER_ID, TestCertificates.OTHER_CLUSTER_CERTIFICATE);
        fixture = new AggregateTestFixture<>(CustomKeyStore.class);
        fixture.registerInjectableResource(lookup);
        keys = new InMemoryKmsKeyLookup();
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(secrets);
        xksProxies = new RecordingXksProxyProbe();
        fixture.registerInjectableResource(xksProxies);
        fixture.registerInjectableResource(new HsmClusters(List.of(cluster, relatedCluster, unrelatedCluster)));
    }
}
