package io.keyhold.xksproxy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs curl's {@code --aws-sigv4}, as the XKS compliance client does, against the proxy on 127.0.0.1. */
public final class Curl {

    public static final String HOST = "xks.keyhold.test";

    private Curl() {
    }

    /** Status, body, and curl's verbose trace (which shows the headers it signed). */
    public record Result(int status, String body, String trace) {
    }

    public static Result post(RunningProxy proxy, Path workDir, String path, String json, String accessKeyId, String secret)
            throws IOException, InterruptedException {
        Run run = run(proxy, workDir, path, json, accessKeyId, secret, List.of());
        if (run.exitCode() != 0) {
            throw new IllegalStateException("curl failed with exit code " + run.exitCode() + ":\n" + run.trace());
        }
        int newline = run.output().lastIndexOf('\n');
        return new Result(Integer.parseInt(run.output().substring(newline + 1).strip()), run.output().substring(0, newline),
                run.trace());
    }

    /** What curl printed, its verbose trace and exit code; {@code options} go before the URL (e.g. --cert). */
    public record Run(int exitCode, String output, String trace) {
    }

    public static Run run(RunningProxy proxy, Path workDir, String path, String json, String accessKeyId, String secret,
            List<String> options) throws IOException, InterruptedException {
        Path bodyFile = Files.createTempFile(workDir, "body", ".json");
        Files.writeString(bodyFile, json);
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--verbose",
                "--max-time", "60",
                "--cacert", proxy.caCertificate().toString(),
                "--resolve", HOST + ":" + proxy.port() + ":127.0.0.1",
                "-H", "Content-Type:application/json",
                "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
                "--user", accessKeyId + ":" + secret,
                "--data-binary", "@" + bodyFile,
                "--write-out", "\n%{http_code}"));
        command.addAll(options);
        command.add("https://" + HOST + ":" + proxy.port() + path);
        Path trace = Files.createTempFile(workDir, "curl", ".trace");
        Process process = new ProcessBuilder(command).redirectError(trace.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl did not finish");
        }
        return new Run(process.exitValue(), output, Files.readString(trace));
    }
}
