import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Requests whose target Jetty cannot parse ({@code %00}), each with a form body, on a connection of its own that
 * the client half-closes after writing, sent by several threads at once to a running Herald. Every request must be
 * answered with a whole response (status line, headers, the 400's body). Counts those answered with nothing and
 * those whose answer lacks its head: Jetty's pooled buffers once made about one in 35,000 of them so (BENCHMARKS.md,
 * section 19).
 *
 * <p>Usage: {@code java bench/MalformedLines.java PORT [REQUESTS=200000] [THREADS=6]}; Herald on 127.0.0.1:PORT.
 * Prints one line: {@code requests N answered A nothing X headless H seconds S}. Exits 1 if X or H is not 0.
 */
public class MalformedLines {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        String body = "FriendlyName=x&ApiKey=%22&Type=fcm&" + "Padding=" + "x".repeat(60);
        byte[] request = ("POST /v1/Services/IS00000000000000000000000000000000/Bindings%00 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger nothing = new AtomicInteger();
        AtomicInteger headless = new AtomicInteger();
        long start = System.nanoTime();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        pool.submit(() -> IntStream.range(0, requests).parallel().forEach(i -> {
            String reply = exchange(port, request);
            if (reply.isEmpty()) {
                nothing.incrementAndGet();
            } else if (!reply.startsWith("HTTP/1.1 400 ") || !reply.contains("\r\n\r\n")) {
                headless.incrementAndGet();
            } else {
                answered.incrementAndGet();
            }
        })).get();
        pool.shutdown();
        System.out.printf("requests %d answered %d nothing %d headless %d seconds %.1f%n", requests, answered.get(),
                nothing.get(), headless.get(), (System.nanoTime() - start) / 1e9);
        System.exit(nothing.get() == 0 && headless.get() == 0 ? 0 : 1);
    }

    /** Writes {@code request}, half-closes, and returns everything read until the server closes. */
    private static String exchange(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // the server answered and closed before reading everything; read its answer
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException e) {
                // a reset after the answer: what was read is the answer
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
