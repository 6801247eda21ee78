package io.keyhold.xksproxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's own command-line options; every other argument goes to Spring Boot unchanged (e.g.
 * {@code --logging.level.io.keyhold=DEBUG}).
 *
 * <ul>
 *   <li>Configuration-file mode: {@code --config=FILE}, or none of the options below ({@code ./xks-proxy.yaml}).</li>
 *   <li>Demo mode: {@code --port=N --data-dir=DIR [--plain-http]} and no {@code --config}. It reads no file at all,
 *       so the same command line works from any working directory, with or without an {@code xks-proxy.yaml}.</li>
 * </ul>
 *
 * @param config the configuration file named by {@code --config}, or null
 * @param demo the demo-mode options, or null in configuration-file mode
 * @param springArgs the remaining arguments, for Spring Boot
 */
record LaunchOptions(String config, Demo demo, List<String> springArgs) {

    static final String USAGE = """
            Usage:
              java -jar keyhold-xks-proxy.jar [--config=xks-proxy.yaml]
              java -jar keyhold-xks-proxy.jar --port=N --data-dir=DIR [--plain-http]     (demo mode)""";

    /** Demo mode: listen on 127.0.0.1:{@code port}, keep keys and TLS files in {@code dataDir}. */
    record Demo(int port, Path dataDir, boolean plainHttp) {
    }

    /** A command line that names no valid mode; the message says why and how to call the proxy. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String problem) {
            super(problem + "\n" + USAGE);
        }
    }

    static LaunchOptions parse(String... args) {
        String config = null;
        String port = null;
        String dataDir = null;
        Boolean plainHttp = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inlineValue = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--config", "--port", "--data-dir" -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    if (value.isBlank()) {
                        throw new UsageException(name + " needs a value");
                    }
                    switch (name) {
                        case "--config" -> config = once(name, config, value);
                        case "--port" -> port = once(name, port, value);
                        default -> dataDir = once(name, dataDir, value);
                    }
                }
                case "--plain-http" -> {
                    if (inlineValue != null && !inlineValue.equals("true") && !inlineValue.equals("false")) {
                        throw new UsageException("--plain-http takes no value (or true / false)");
                    }
                    plainHttp = once(name, plainHttp, inlineValue == null || Boolean.parseBoolean(inlineValue));
                }
                default -> springArgs.add(arg);
            }
        }
        boolean demoOptions = port != null || dataDir != null || plainHttp != null;
        if (!demoOptions) {
            return new LaunchOptions(config, null, List.copyOf(springArgs));
        }
        if (config != null) {
            throw new UsageException("--port, --data-dir and --plain-http select demo mode, which reads no"
                    + " configuration file: they cannot go with --config (set listen.port in the file instead)");
        }
        if (port == null || dataDir == null) {
            throw new UsageException("demo mode needs both --port=N and --data-dir=DIR");
        }
        Demo demo = new Demo(parsePort(port), Path.of(dataDir).toAbsolutePath().normalize(),
                plainHttp != null && plainHttp);
        return new LaunchOptions(null, demo, List.copyOf(springArgs));
    }

    private static <T> T once(String name, T previous, T value) {
        if (previous != null) {
            throw new UsageException(name + " is given twice");
        }
        return value;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a TCP port number 0-65535 (0 picks a free one), not '" + value + "'");
    }
}
