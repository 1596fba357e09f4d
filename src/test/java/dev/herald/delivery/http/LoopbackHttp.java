package dev.herald.delivery.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare HTTP/1.1 server on loopback for {@link KeepAlivePoolTest}, one thread a connection: each request (read with
 * its {@code Content-Length} body) is recorded, then handled as {@link Behavior} says for its connection (numbered
 * from 0 in accept order) and its index on that connection.
 */
final class LoopbackHttp implements AutoCloseable {
    /** What the server does with a request. */
    enum Answer { OK, OK_AND_CLOSE, SILENT, RESET, TOO_BIG }

    interface Behavior {
        Answer on(int connection, int request) throws Exception;
    }

    /** A request as received: its head lines (request line first) and body. */
    record Request(List<String> head, String body) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim()).findFirst().orElse(null);
        }
    }

    private final ServerSocket server;
    private final Behavior behavior;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final AtomicInteger accepted = new AtomicInteger();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    LoopbackHttp(Behavior behavior) throws IOException {
        this(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()), behavior);
    }

    LoopbackHttp(ServerSocket server, Behavior behavior) {
        this.server = server;
        this.behavior = behavior;
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int n = accepted.getAndIncrement();
                threads.execute(() -> serve(socket, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream())) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; ; i++) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Answer answer = behavior.on(connection, i);
                switch (answer) {
                    case SILENT -> {
                        in.transferTo(OutputStream.nullOutputStream()); // until the client gives up
                        return;
                    }
                    case RESET -> {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    default -> {
                        String body = answer == Answer.TOO_BIG ? "x".repeat(KeepAlivePool.MAX_BODY + 1)
                                : "{\"sid\":\"SM" + connection + "-" + i + "\"}";
                        out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nRetry-After: 7\r\n"
                                + (answer == Answer.OK_AND_CLOSE ? "Connection: close\r\n" : "")
                                + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (answer == Answer.OK_AND_CLOSE) {
                            return;
                        }
                    }
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static Request read(InputStream in) throws IOException {
        List<String> head = new java.util.ArrayList<>();
        for (String line; !(line = line(in)).isEmpty(); ) {
            head.add(line);
        }
        if (head.isEmpty()) {
            return null;
        }
        Request partial = new Request(head, "");
        String length = partial.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Request(head, new String(body, StandardCharsets.UTF_8));
    }

    /** A line without its CRLF; empty at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
