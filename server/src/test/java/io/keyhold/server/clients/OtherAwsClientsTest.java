package io.keyhold.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.UncheckedXksProxies;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The custom key store lifecycle through clients other than the Java SDK, run unmodified as
 * separate processes against this server: the AWS CLI ({@code clients/cli}), boto3
 * ({@code clients/boto3}) and the AWS SDK for JavaScript v3 ({@code clients/js-v3}).
 *
 * <p>Each client signs as its own account and uses its own HSM cluster: a CloudHSM key store per
 * cluster and account, and kmsuser's password is the cluster's, rotated by every successful
 * connect, so two clients on one cluster would depend on each other's order. A missing tool fails
 * the test with what to install; it never skips.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UncheckedXksProxies.class)
class OtherAwsClientsTest {

    private static final Path DATA_DIR = tempDir();
    /** {@code clients/} beside the server module (Maven runs tests in the module directory). */
    private static final Path CLIENTS_DIR = clientsDir();
    /** Generous: each AWS CLI command starts a Python interpreter, slow on a busy CI machine. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(360);
    private static final Duration NPM_CI_TIMEOUT = Duration.ofSeconds(300);
    private static final String REGION = "us-east-1";
    private static final String KMSUSER_PASSWORD = "kmsuser-password";

    /** One account and one HSM cluster per client. */
    private enum Client {
        CLI("cli", "AKIDCLI", "111111111111", "cluster-keyholdlocal"),
        BOTO3("boto3", "AKIDBOTO3", "222222222222", "cluster-boto3client"),
        JS_V3("js-v3", "AKIDJSV3", "333333333333", "cluster-jssdkvthree");

        final String dir;
        final String accessKeyId;
        final String accountId;
        final String clusterId;

        Client(String dir, String accessKeyId, String accountId, String clusterId) {
            this.dir = dir;
            this.accessKeyId = accessKeyId;
            this.accountId = accountId;
            this.clusterId = clusterId;
        }
    }

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) {
        KeyholdTestProperties.isolated(registry, DATA_DIR);
        KeyholdTestProperties.defaultCredential(registry);
        for (Client client : Client.values()) {
            KeyholdTestProperties.credential(registry, client.ordinal() + 1, client.accessKeyId, client.accountId);
            registry.add("keyhold.clusters[" + client.clusterId + "].initial-kms-user-password", () -> KMSUSER_PASSWORD);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void awsCli() throws Exception {
        requireTool("aws", "--version", "the AWS CLI (e.g. `pip install awscli`, or AWS CLI v2)");
        requireTool("bash", "--version", "bash");
        runLifecycle(Client.CLI, List.of("bash", "lifecycle.sh"), "cli lifecycle ok");
    }

    @Test
    void boto3() throws Exception {
        requireTool("python3", "--version", "Python 3 with boto3 (`pip install boto3`)");
        Result imported = run(List.of("python3", "-c", "import boto3"), CLIENTS_DIR.toFile(), Map.of(), Duration.ofSeconds(60));
        if (imported.exitCode() != 0) {
            fail("python3 cannot import boto3: install it with `pip install boto3`\n" + imported.output());
        }
        runLifecycle(Client.BOTO3, List.of("python3", "lifecycle.py"), "boto3 lifecycle ok");
    }

    @Test
    void jsSdkV3() throws Exception {
        requireTool("node", "--version", "Node.js 20 or later with npm (e.g. `apt-get install nodejs npm`)");
        Path dir = clientDir(Client.JS_V3);
        if (!Files.exists(dir.resolve("node_modules/@aws-sdk/client-kms/package.json"))) {
            requireTool("npm", "--version", "npm (e.g. `apt-get install npm`)");
            Result installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir.toFile(), Map.of(), NPM_CI_TIMEOUT);
            if (installed.exitCode() != 0) {
                fail("`npm ci` in " + dir + " failed (exit " + installed.exitCode() + "):\n" + installed.output());
            }
        }
        runLifecycle(Client.JS_V3, List.of("node", "lifecycle.mjs"), "js-v3 lifecycle ok");
    }

    private void runLifecycle(Client client, List<String> command, String okLine) throws Exception {
        Path trustAnchor = DATA_DIR.resolve("clusters").resolve(client.clusterId).resolve("customerCA.crt");
        assertThat(trustAnchor).as("trust anchor of %s", client.clusterId).isRegularFile();
        Map<String, String> env = Map.of(
                "KEYHOLD_ENDPOINT", "http://127.0.0.1:" + port,
                "AWS_ACCESS_KEY_ID", client.accessKeyId,
                "AWS_SECRET_ACCESS_KEY", KeyholdTestProperties.secretOf(client.accessKeyId),
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION,
                "TRUST_ANCHOR_FILE", trustAnchor.toString(),
                "CLOUDHSM_CLUSTER_ID", client.clusterId,
                "KMSUSER_PASSWORD", KMSUSER_PASSWORD,
                "CONNECT_DEADLINE_SECONDS", "60");
        long started = System.nanoTime();
        Result result = run(command, clientDir(client).toFile(), env, SCRIPT_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String shown = "\n---- output of `" + String.join(" ", command) + "` in clients/" + client.dir
                + " (exit " + result.exitCode() + ", " + took.toMillis() + " ms)\n" + result.output() + "---- end of output";
        System.out.println(shown);

        assertThat(result.timedOut()).as("%s finished within %s%s", client.dir, SCRIPT_TIMEOUT, shown).isFalse();
        assertThat(result.exitCode()).as("exit code of the %s lifecycle%s", client.dir, shown).isZero();
        assertThat(lastLine(result.output())).as("last line of the %s lifecycle%s", client.dir, shown).isEqualTo(okLine);
    }

    private static Path clientDir(Client client) {
        Path dir = CLIENTS_DIR.resolve(client.dir);
        assertThat(dir).as("client scripts (resolved from the server module directory %s)", Path.of("").toAbsolutePath())
                .isDirectory();
        return dir;
    }

    // ---- processes

    private record Result(int exitCode, boolean timedOut, String output) {
    }

    /** Runs {@code command} with stdout and stderr merged into a file, killing it (and its children) on timeout. */
    private static Result run(List<String> command, File dir, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("keyhold-client-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = builder.environment();
            // nothing of the developer's AWS setup may leak in: profiles, tokens, endpoint overrides
            env.keySet().removeIf(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE"));
            String none = DATA_DIR.resolve("no-such-aws-file").toString();
            env.put("AWS_CONFIG_FILE", none);
            env.put("AWS_SHARED_CREDENTIALS_FILE", none);
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("NO_PROXY", "127.0.0.1,localhost");
            env.put("no_proxy", "127.0.0.1,localhost");
            env.put("PYTHONUNBUFFERED", "1");
            env.putAll(extraEnv);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(-1, false, "cannot start " + command + ": " + e.getMessage() + "\n");
            }
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) {
                output += "\n[killed after " + timeout.toSeconds() + " s]\n";
            }
            return new Result(finished ? process.exitValue() : -1, !finished, output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void requireTool(String tool, String versionFlag, String install) throws InterruptedException, IOException {
        if (findOnPath(tool) == null) {
            fail("`" + tool + "` is not on the PATH (" + System.getenv("PATH") + "): install " + install);
        }
        Result version = run(List.of(tool, versionFlag), CLIENTS_DIR.toFile(), Map.of(), Duration.ofSeconds(60));
        if (version.exitCode() != 0) {
            fail("`" + tool + " " + versionFlag + "` failed (exit " + version.exitCode() + "): install " + install
                    + "\n" + version.output());
        }
        System.out.println(tool + ": " + version.output().strip());
    }

    private static Path findOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, tool);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String lastLine(String output) {
        List<String> lines = new ArrayList<>(output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static Path clientsDir() {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path beside = moduleDir.resolve("../clients").normalize();
        // an IDE may run tests from the repository root instead
        return Files.isDirectory(beside) || !Files.isDirectory(moduleDir.resolve("clients")) ? beside : moduleDir.resolve("clients");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("keyhold-clients-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
