package io.keyhold.xksproxy.config;

/** The version printed in the health response and on {@code GET /ping}. */
public final class ProxyVersion {

    private ProxyVersion() {
    }

    public static String current() {
        String version = ProxyVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
