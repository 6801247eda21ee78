package io.keyhold.connector.xks;

import com.fasterxml.jackson.databind.JsonNode;

import io.keyhold.api.error.KMSInternalException;
import io.keyhold.sigv4.SigV4;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Sends SigV4-signed POSTs to XKS proxies over HTTPS (TLS 1.2/1.3, HTTP/1.1, pooled connections)
 * and turns every way a call can fail into an {@link XksProxyException}.
 *
 * <p>A proxy is normally reached at its endpoint host on port 443, through one shared HttpClient
 * whose host name verification is the JDK's. An endpoint override or a VPC endpoint service sends
 * the request to another {@code host:port}: the request URI then names that address (so the Host
 * header and the signed {@code host} are the address actually requested), and the certificate is
 * verified against the endpoint host by {@link EndpointHostTrustManager}. Such a route gets an
 * HttpClient of its own because the JDK pools connections by address only: two endpoints redirected
 * to one address must not share a TLS connection verified for one of them.
 */
final class XksTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XksTransport.class);

    private static final String SIGNING_NAME = "kms-xks-proxy";
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Far above any valid answer (4 KiB of plaintext is about 6 KiB of Base64). */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_LOGGED_ERROR_MESSAGE = 512;

    /** Where a request goes ({@code host[:port]}) and the host name its certificate must carry. */
    private record Route(String authority, String hostName) {
        boolean redirected() {
            return !authority.equals(hostName);
        }
    }

    private final String region;
    private final Duration timeout;
    private final Map<String, String> endpointOverrides;
    private final Map<String, String> vpcEndpointServices;
    private final X509ExtendedTrustManager trust;
    private final KeyManager[] keyManagers;
    private final ExecutorService executor;
    private final HttpClient directClient;
    private final Map<Route, HttpClient> redirectedClients = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean closed;

    XksTransport(XksClientSettings settings) {
        this.region = settings.region();
        this.timeout = settings.timeout();
        this.endpointOverrides = addresses(settings.endpointOverrides(), true);
        this.vpcEndpointServices = addresses(settings.vpcEndpointServices(), false);
        this.trust = trustManager(settings.trustStore());
        this.keyManagers = keyManagers(settings.clientKeyStore(), settings.clientKeyPassword());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "xks-proxy-client-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.directClient = httpClient(sslContext(trust), tlsParameters());
    }

    /**
     * POSTs {@code request} to {@code <endpoint><uriPath><resource>} and returns the body of the 200
     * answer.
     */
    byte[] post(XksCall call, XksCredential credential, String resource, JsonNode request) throws XksProxyException {
        if (closed) {
            throw new IllegalStateException("the XKS proxy client is closed");
        }
        Route route = route(call);
        URI uri = URI.create("https://" + route.authority() + call.target().uriPath() + resource);
        byte[] body = XksJson.bytes(request);
        HttpRequest httpRequest = signedRequest(uri, body, credential);
        long started = System.nanoTime();
        HttpResponse<byte[]> response = exchange(client(route), httpRequest, call);
        log.debug("XKS {} for kmsRequestId {} to {} ({}): HTTP {} in {} ms", call.operation(),
                call.metadata().kmsRequestId(), call.target().uriEndpoint(), uri, response.statusCode(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (response.statusCode() == 200) {
            return response.body();
        }
        throw errorAnswer(call, response);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        redirectedClients.clear();
    }

    private Route route(XksCall call) throws XksProxyException {
        String hostName = call.target().hostName().toLowerCase(Locale.ROOT);
        String serviceName = call.target().vpcEndpointServiceName();
        if (serviceName != null) {
            String address = vpcEndpointServices.get(serviceName);
            if (address == null) {
                throw new XksProxyException(XksFailure.VPC_ENDPOINT_SERVICE_NOT_FOUND,
                        "The VPC endpoint service " + serviceName + " of the external key store proxy at "
                                + call.target().uriEndpoint() + " was not found.");
            }
            return new Route(address, hostName);
        }
        return new Route(endpointOverrides.getOrDefault(hostName, hostName), hostName);
    }

    private HttpClient client(Route route) {
        if (!route.redirected()) {
            return directClient;
        }
        return redirectedClients.computeIfAbsent(route, r -> {
            SSLParameters parameters = tlsParameters();
            // Sent as SNI when the address is an IP literal; for a host name the JDK sends that name.
            parameters.setServerNames(List.of(new SNIHostName(r.hostName())));
            return httpClient(sslContext(new EndpointHostTrustManager(trust, r.hostName())), parameters);
        });
    }

    /** Signed as KMS signs: over {@code host} and {@code x-amz-date} only, with the body's hash. */
    private HttpRequest signedRequest(URI uri, byte[] body, XksCredential credential) {
        String amzDate = SigV4.amzDate(clock.instant());
        SortedMap<String, List<String>> signedHeaders = new TreeMap<>(Map.of(
                "host", List.of(hostHeader(uri)),
                "x-amz-date", List.of(amzDate)));
        String signature = SigV4.signature(credential.secretAccessKey(), amzDate, region, SIGNING_NAME,
                SigV4.canonicalRequest("POST", uri.getRawPath(), uri.getRawQuery(), signedHeaders, SigV4.payloadHash(body)));
        // the HttpClient sets Host itself, from the same URI
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Amz-Date", amzDate)
                .header("Authorization", SigV4.authorization(credential.accessKeyId(), amzDate, region, SIGNING_NAME,
                        signedHeaders.keySet(), signature))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** The Host header the JDK client sends for a URI: the port only when it is not the scheme's default. */
    private static String hostHeader(URI uri) {
        return uri.getPort() == -1 || uri.getPort() == 443 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private HttpResponse<byte[]> exchange(HttpClient client, HttpRequest request, XksCall call)
            throws XksProxyException {
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, info -> new BoundedBody(MAX_RESPONSE_BYTES));
        try {
            return pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timedOut(call, e);
        } catch (ExecutionException e) {
            throw transportFailure(call, e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new KMSInternalException("Interrupted while calling the external key store proxy.");
        }
    }

    private XksProxyException timedOut(XksCall call, Exception cause) {
        return new XksProxyException(XksFailure.TIMED_OUT, call.proxy() + " did not answer " + call.operation()
                + " within " + timeout.toMillis() + " ms.", null, cause);
    }

    private XksProxyException transportFailure(XksCall call, Throwable failure) {
        List<Throwable> causes = causes(failure);
        String cannotConnect = "Cannot connect to " + call.proxyName() + ": ";
        if (failure instanceof HttpConnectTimeoutException) {
            return new XksProxyException(XksFailure.NOT_REACHABLE,
                    cannotConnect + "no connection within " + timeout.toMillis() + " ms.", null, failure);
        }
        if (failure instanceof HttpTimeoutException) {
            return timedOut(call, (HttpTimeoutException) failure);
        }
        if (causes.stream().anyMatch(SSLException.class::isInstance)) {
            return new XksProxyException(XksFailure.INVALID_TLS, "Cannot establish a TLS connection with "
                    + call.proxyName() + ": " + tlsProblem(call, causes) + ".", null, failure);
        }
        if (failure instanceof BoundedBody.TooLargeException || failure instanceof ProtocolException) {
            return new XksProxyException(XksFailure.INVALID_RESPONSE, call.proxy() + " returned an invalid "
                    + call.operation() + " response: " + failure.getMessage() + ".", null, failure);
        }
        if (causes.stream().anyMatch(UnresolvedAddressException.class::isInstance)) {
            return new XksProxyException(XksFailure.NOT_REACHABLE,
                    cannotConnect + "its host name does not resolve.", null, failure);
        }
        if (failure instanceof ConnectException) {
            return new XksProxyException(XksFailure.NOT_REACHABLE,
                    cannotConnect + "the connection was refused.", null, failure);
        }
        if (failure instanceof IOException) {
            return new XksProxyException(XksFailure.NOT_REACHABLE, "The connection to " + call.proxyName()
                    + " broke before it answered " + call.operation() + " (" + describe(failure) + ").", null, failure);
        }
        log.warn("Unexpected failure calling the XKS proxy at {}", call.target().uriEndpoint(), failure);
        throw new KMSInternalException("Unexpected failure calling the external key store proxy.");
    }

    private static String tlsProblem(XksCall call, List<Throwable> causes) {
        boolean expired = causes.stream().anyMatch(t -> t instanceof CertificateExpiredException
                || t instanceof CertPathValidatorException e
                && e.getReason() == CertPathValidatorException.BasicReason.EXPIRED);
        if (expired) {
            return "its certificate has expired";
        }
        boolean notYetValid = causes.stream().anyMatch(t -> t instanceof CertificateNotYetValidException
                || t instanceof CertPathValidatorException e
                && e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID);
        if (notYetValid) {
            return "its certificate is not yet valid";
        }
        if (causes.stream().anyMatch(EndpointHostTrustManager.HostNameMismatchException.class::isInstance)) {
            return "its certificate is not valid for " + call.target().hostName();
        }
        if (causes.stream().anyMatch(CertPathBuilderException.class::isInstance)) {
            return "its certificate is not issued by a trusted certificate authority";
        }
        for (Throwable cause : causes) {
            if (cause instanceof CertPathValidatorException) {
                return "its certificate chain is not valid (" + describe(cause) + ")";
            }
        }
        Throwable tlsFailure = causes.stream().filter(SSLException.class::isInstance).findFirst().orElseThrow();
        return "the TLS handshake failed (" + describe(tlsFailure) + ")";
    }

    private XksProxyException errorAnswer(XksCall call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = XksJson.parse(response.body());
        JsonNode errorName = body == null || !body.isObject() ? null : body.get("errorName");
        String name = errorName != null && errorName.isTextual() ? errorName.textValue() : null;
        if (name != null) {
            JsonNode errorMessage = body.get("errorMessage");
            log.debug("XKS proxy at {} answered {} for kmsRequestId {} with HTTP {} {}: {}",
                    call.target().uriEndpoint(), call.operation(), call.metadata().kmsRequestId(), status,
                    name, errorMessage == null ? "" : printable(errorMessage.asText()));
        }
        XksFailure failure = name == null ? null : XksFailure.ofProxyErrorName(name);
        if (status == 429) {
            // A load balancer in front of the proxy throttles without an XKS error body.
            return new XksProxyException(XksFailure.THROTTLED,
                    call.proxy() + " throttled the " + call.operation() + " request (HTTP 429).",
                    failure == null ? null : name, null);
        }
        if (status >= 200 && status < 300 || name == null) {
            return call.invalidResponse("HTTP " + status + " without an XKS error body");
        }
        if (failure == null) {
            return call.invalidResponse("HTTP " + status + " with an errorName the XKS API does not define");
        }
        return new XksProxyException(failure, errorMessage(call, failure, name), name, null);
    }

    private static String errorMessage(XksCall call, XksFailure failure, String name) {
        String proxy = call.proxy();
        String operation = call.operation();
        return switch (failure) {
            case AUTHENTICATION_FAILED -> proxy + " rejected the signature of the " + operation + " request (" + name
                    + "); check the XksProxyAuthenticationCredential.";
            case ACCESS_DENIED -> proxy + " denied the " + operation + " request (" + name + ").";
            case INVALID_URI_PATH -> proxy + " does not serve the URI path " + call.target().uriPath() + " ("
                    + name + "); check the XksProxyUriPath.";
            case THROTTLED -> proxy + " throttled the " + operation + " request (" + name + ").";
            case DEPENDENCY_TIMEOUT -> proxy + " timed out reaching its external key manager (" + name + ").";
            case PROXY_FAULT -> proxy + " failed the " + operation + " request with an internal error (" + name + ").";
            default -> proxy + " rejected the " + operation + " request (" + name + ").";
        };
    }

    private HttpClient httpClient(SSLContext sslContext, SSLParameters parameters) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(sslContext)
                .sslParameters(parameters)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .executor(executor)
                .build();
    }

    private static SSLParameters tlsParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(TLS_PROTOCOLS.clone());
        return parameters;
    }

    private SSLContext sslContext(X509ExtendedTrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for XKS proxies", e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore trustStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the trust store yields no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the XKS proxy trust store", e);
        }
    }

    private static KeyManager[] keyManagers(KeyStore clientKeyStore, char[] password) {
        if (clientKeyStore == null) {
            return null;
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(clientKeyStore, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the XKS client key store", e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Checks each {@code host:port} and, for endpoint overrides, lower-cases the host name keys. */
    private static Map<String, String> addresses(Map<String, String> addresses, boolean hostNameKeys) {
        Map<String, String> checked = new HashMap<>();
        addresses.forEach((key, address) -> {
            URI uri = URI.create("https://" + address);
            if (uri.getHost() == null || uri.getPort() < 0 || !address.equals(uri.getRawAuthority())) {
                throw new IllegalArgumentException("not a host:port address: " + address);
            }
            checked.put(hostNameKeys ? key.toLowerCase(Locale.ROOT) : key, address);
        });
        return Map.copyOf(checked);
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    /** The proxy's errorMessage as the spec allows it: printable ASCII, under 512 characters. */
    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() > MAX_LOGGED_ERROR_MESSAGE ? cleaned.substring(0, MAX_LOGGED_ERROR_MESSAGE) : cleaned;
    }
}
