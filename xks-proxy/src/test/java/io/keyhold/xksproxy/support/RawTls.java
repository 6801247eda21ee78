package io.keyhold.xksproxy.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection with chosen protocol and cipher suite, for handshake tests ({@code GET /ping}) and for
 * requests in sequence on one kept-alive connection.
 */
public final class RawTls {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length: *(\\d+)");

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

    /**
     * Sends {@code requests} on one connection, each once the answer to the previous one has been read in full,
     * and returns the head (status line and header lines) of every answer.
     */
    public static List<String> inSequence(SSLContext context, int port, List<byte[]> requests) throws IOException {
        try (SSLSocket socket = connect(context, port, "TLSv1.3", null)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            List<String> heads = new ArrayList<>();
            for (byte[] request : requests) {
                out.write(request);
                out.flush();
                String head = readHead(in);
                heads.add(head);
                Matcher length = CONTENT_LENGTH.matcher(head);
                in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
            }
            return heads;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                throw new EOFException("The connection closed before the answer's head ended: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
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
