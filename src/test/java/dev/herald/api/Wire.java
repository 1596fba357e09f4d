package dev.herald.api;

import dev.herald.testing.RawHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests {@link dev.herald.testing.RawHttp} cannot make: arbitrary headers through the JDK client, and exact
 * bytes over a plain socket (for input the JDK client refuses to send).
 */
final class Wire {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Wire() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Any method, URL, headers (name, value pairs) and body. */
    static Reply send(String method, String url, byte[] body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    static Reply get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    /**
     * Writes {@code request} verbatim to 127.0.0.1:{@code port} and reads the response until the server closes
     * the connection (send {@code Connection: close}). Handles Content-Length and chunked bodies.
     */
    static Reply raw(int port, byte[] request) {
        return raw(port, request, 20_000);
    }

    static Reply raw(int port, String request) {
        return raw(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * {@link #raw} for a request that does not ask for {@code Connection: close}: the server must close the
     * connection after its answer, within 5 seconds, or the test fails.
     */
    static Reply rawClosedByServer(int port, String request) {
        try {
            return raw(port, request.getBytes(StandardCharsets.ISO_8859_1), 5_000);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.net.SocketTimeoutException) {
                throw new AssertionError("The server kept the connection open after: " + request.lines().findFirst()
                        .orElse(""), e);
            }
            throw e;
        }
    }

    /**
     * Writes {@code request} verbatim, half-closes the connection (the server reads its end) and returns what the
     * server sent until it closed: the first response, or null if it closed without answering. The raw text is in
     * {@code all[0]} when {@code all} is given. Fails if the server neither answers nor closes in time.
     */
    static Reply exchange(int port, byte[] request, int timeoutMillis, String[] all) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (java.net.SocketException e) {
                // the server answered and closed before reading everything; read its answer
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = socket.getInputStream().read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("No answer and no close within " + timeoutMillis + " ms", e);
            } catch (java.net.SocketException e) {
                // a reset after the response: the bytes read so far are the response
            }
            if (all != null) {
                all[0] = received.toString(StandardCharsets.ISO_8859_1);
            }
            return received.size() == 0 ? null : parse(received.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply raw(int port, byte[] request, int timeoutMillis) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (java.net.SocketException e) {
                // the server may answer and close before reading everything (e.g. 413, 431); read its answer
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    all.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // a reset after the response is fine; the bytes read so far are the response
                if (all.size() == 0) {
                    throw e;
                }
            }
            return parse(all.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first response in {@code bytes}, which must hold its whole header section. */
    static Reply parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new AssertionError("No complete HTTP response: " + text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        List<String> te = headers.get("Transfer-Encoding");
        if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            rest = dechunk(rest);
        } else if (headers.containsKey("Content-Length")) {
            int length = Integer.parseInt(headers.get("Content-Length").get(0));
            rest = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new Reply(status, HttpHeaders.of(headers, (a, b) -> true), new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
