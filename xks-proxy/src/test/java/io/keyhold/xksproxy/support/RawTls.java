package io.keyhold.xksproxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SNIHostName;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One TLS connection with chosen protocol and cipher suite, for handshake tests: sends {@code GET /ping}. */
public final class RawTls {

    private RawTls() {
    }

    /** The HTTP status line of {@code GET /ping}; an {@code SSLException} when the handshake is refused. */
    public static String ping(SSLContext context, int port, String protocol, String cipherSuite) throws IOException {
        try (SSLSocket socket = connect(context, port, protocol, cipherSuite)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static SSLSocket connect(SSLContext context, int port, String protocol, String cipherSuite) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (cipherSuite != null) {
            parameters.setCipherSuites(new String[] {cipherSuite});
        }
        parameters.setServerNames(List.of(new SNIHostName("localhost")));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
