package dev.herald.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Raw HTTP/1.1 connections that each send a POST's headers, announce a body, and then send that body one byte at a
 * time ({@link #trickle}), as a slow or hostile client would; one thread reads every answer. Loopback only.
 */
final class SlowClients implements AutoCloseable {
    /** What one connection got: the raw answer so far, and when (ms after opening) the server closed it, or -1. */
    record Outcome(String answer, long closedAfterMillis) {
        /** The answer's status code, or 0 when nothing (or no status line) arrived. */
        int status() {
            return answer.startsWith("HTTP/1.1 ") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
        }

        String body() {
            int end = answer.indexOf("\r\n\r\n");
            return end < 0 ? "" : answer.substring(end + 4);
        }

        /** A header's value (first one, name case-insensitive), or null. */
        String header(String name) {
            for (String line : answer.split("\r\n")) {
                if (line.isEmpty()) {
                    return null;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        boolean closed() {
            return closedAfterMillis >= 0;
        }
    }

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final Thread reader;
    private final long openedAt = System.nanoTime();
    private volatile boolean running = true;

    private static final class Connection {
        final SocketChannel channel;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile long closedAt = -1;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * Opens {@code count} connections to {@code 127.0.0.1:port}, each sending a POST to {@code path} that announces
     * {@code contentLength} body bytes and sends the first one. {@code user} null sends no credentials.
     */
    static SlowClients open(int port, String path, String user, String password, int count, int contentLength)
            throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (user == null ? "" : "Authorization: Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n")
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + contentLength + "\r\n\r\nF";
        SlowClients clients = new SlowClients(Selector.open());
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            synchronized (clients.connections) {
                clients.connections.add(connection);
            }
            channel.register(clients.selector, SelectionKey.OP_READ, connection); // does not wait for select (JDK 11+)
        }
        return clients;
    }

    private SlowClients(Selector selector) {
        this.selector = selector;
        this.reader = new Thread(this::readAll, "slow-clients-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends one more body byte on every connection the server has not closed. */
    void trickle() {
        for (Connection c : snapshot()) {
            if (c.closedAt < 0) {
                try {
                    c.channel.write(ByteBuffer.wrap(new byte[] {'x'}));
                } catch (IOException e) {
                    // the server closed it; the reader records when
                }
            }
        }
    }

    /** Waits until the server has closed every connection, or {@code millis} have passed; true if all are closed. */
    boolean awaitAllClosed(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (snapshot().stream().allMatch(c -> c.closedAt >= 0)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Waits until at least {@code count} connections got (the start of) an answer, or {@code millis} have passed. */
    void awaitAnswered(int count, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end && outcomes().stream().filter(o -> o.status() != 0).count() < count) {
            Thread.sleep(50);
        }
    }

    /** What each connection got so far, in the order they were opened. */
    List<Outcome> outcomes() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Connection c : snapshot()) {
            String answer;
            synchronized (c.received) {
                answer = c.received.toString(StandardCharsets.ISO_8859_1);
            }
            long closedAt = c.closedAt;
            outcomes.add(new Outcome(answer, closedAt < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(closedAt - openedAt)));
        }
        return outcomes;
    }

    private List<Connection> snapshot() {
        synchronized (connections) {
            return new ArrayList<>(connections);
        }
    }

    private void readAll() {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    buffer.clear();
                    int n;
                    try {
                        n = c.channel.read(buffer);
                    } catch (IOException e) {
                        n = -1; // reset by the server: closed too
                    }
                    if (n < 0) {
                        c.closedAt = System.nanoTime();
                        key.cancel();
                    } else {
                        synchronized (c.received) {
                            c.received.write(buffer.array(), 0, n);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c : snapshot()) {
            c.channel.close();
        }
        selector.close();
    }
}
