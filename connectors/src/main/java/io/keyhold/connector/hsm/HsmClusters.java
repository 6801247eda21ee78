package io.keyhold.connector.hsm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The HSM clusters this Keyhold installation knows, by cluster id. */
public class HsmClusters {

    private final Map<String, HsmCluster> clusters;

    public HsmClusters(List<HsmCluster> clusters) {
        this.clusters = clusters.stream().collect(Collectors.toUnmodifiableMap(HsmCluster::clusterId, Function.identity()));
    }

    public Optional<HsmCluster> find(String clusterId) {
        return Optional.ofNullable(clusters.get(clusterId));
    }

    /** The cluster as {@code accountId} sees it; another account's cluster does not exist for it. */
    public Optional<HsmClusterInfo> describeFor(String accountId, String clusterId) {
        return find(clusterId).map(HsmCluster::describe).filter(info -> info.isVisibleTo(accountId));
    }
}
