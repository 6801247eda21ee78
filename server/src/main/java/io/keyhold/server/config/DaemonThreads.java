package io.keyhold.server.config;

import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** Named daemon threads for Keyhold's own executors, so they never keep the JVM alive. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    static ThreadFactory daemonThreads(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
