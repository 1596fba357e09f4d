import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A burst of POSTs sent at once over connections opened beforehand, as a client with a pool of keep-alive
 * connections sends them: one thread, one selector. Every connection is opened (and accepted) first; then each
 * request is written whole, one after the other (reading between two writes the answers already in, so that an
 * early answer is not timed until the last write), and its time runs from its own write until its answer has been
 * read to the end (the server closes: {@code Connection: close}). So the figures hold the server's time (reading,
 * handling, answering) and not the client's connection set-up, which curl's {@code --parallel} pays on the same
 * cores.
 *
 * <p>Usage: {@code java Burst.java HOST PORT PATH ACCOUNT_SID AUTH_TOKEN OUT_DIR FORM...}: a request a FORM (already
 * URL-encoded). Writes OUT_DIR/k.json (the body of the k-th answer), prints a line {@code k status seconds} a
 * request, as the bench's curl write-out does, and on standard error {@code sent-at} and the epoch milliseconds
 * when it began to write, then {@code written-in} and the seconds it took to write every request.
 *
 * <p>{@code java Burst.java --repeat N HOST PORT ...}: the same burst N times in this one process, 0.3 s apart
 * (each on connections of its own, opened just before it), reporting only the last: a warm-up of the server's
 * paths for such bursts (a new connection a request, one send each) without a JVM started for every burst.
 */
public final class Burst {
    private static final class Exchange {
        final int k;
        final SocketChannel channel;
        final ByteBuffer request;
        final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        long sentAt;
        long doneAt;

        Exchange(int k, SocketChannel channel, byte[] request) {
            this.k = k;
            this.channel = channel;
            this.request = ByteBuffer.wrap(request);
        }
    }

    /** Reads what the selected exchanges have; answers how many of them ended (the server closed). */
    private static int read(Selector selector, ByteBuffer buffer) throws IOException {
        int ended = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            Exchange e = (Exchange) key.attachment();
            buffer.clear();
            int n;
            try {
                n = e.channel.read(buffer);
            } catch (IOException failed) {
                n = -1;
            }
            if (n > 0) {
                e.answer.write(buffer.array(), 0, n);
            } else if (n < 0) {
                e.doneAt = System.nanoTime();
                key.cancel();
                e.channel.close();
                ended++;
            }
        }
        selector.selectedKeys().clear();
        return ended;
    }

    public static void main(String[] args) throws Exception {
        int repeat = 1;
        if (args.length > 1 && args[0].equals("--repeat")) {
            repeat = Integer.parseInt(args[1]);
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        for (int r = 1; r < repeat; r++) {
            burst(args, false);
            Thread.sleep(300);
        }
        burst(args, true);
    }

    /** Sends the burst of {@code args}; reports it when {@code report} (else its answers are only read). */
    private static void burst(String[] args, boolean report) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        String auth = Base64.getEncoder().encodeToString((args[3] + ":" + args[4]).getBytes(StandardCharsets.UTF_8));
        Path out = Path.of(args[5]);
        Files.createDirectories(out);
        List<Exchange> exchanges = new ArrayList<>();
        for (int k = 6; k < args.length; k++) {
            byte[] body = args[k].getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAuthorization: Basic " + auth + "\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] request = new byte[head.length() + body.length];
            System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
            System.arraycopy(body, 0, request, head.length(), body.length);
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            exchanges.add(new Exchange(k - 6, channel, request));
        }
        Thread.sleep(500); // every connection accepted and idle, as a pool's are
        Selector selector = Selector.open();
        if (report) {
            System.err.println("sent-at " + System.currentTimeMillis());
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int open = exchanges.size();
        for (Exchange e : exchanges) {
            e.sentAt = System.nanoTime();
            while (e.request.hasRemaining()) {
                e.channel.write(e.request);
            }
            e.channel.configureBlocking(false);
            e.channel.register(selector, SelectionKey.OP_READ, e);
            selector.selectNow(); // answers already in are read now, not after the last write
            open -= read(selector, buffer);
        }
        long written = System.nanoTime();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (open > 0 && System.nanoTime() < deadline) {
            selector.select(1000);
            open -= read(selector, buffer);
        }
        if (!report) {
            for (Exchange e : exchanges) {
                e.channel.close();
            }
            selector.close();
            return;
        }
        System.err.printf("written-in %.6f%n", (written - exchanges.get(0).sentAt) / 1e9);
        for (Exchange e : exchanges) {
            String answer = e.answer.toString(StandardCharsets.UTF_8);
            int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 0;
            int bodyAt = answer.indexOf("\r\n\r\n");
            Files.writeString(out.resolve(e.k + ".json"), bodyAt < 0 ? "" : answer.substring(bodyAt + 4));
            double seconds = e.doneAt == 0 ? -1 : (e.doneAt - e.sentAt) / 1e9;
            System.out.printf("%d %d %.6f%n", e.k, status, seconds);
        }
    }
}
