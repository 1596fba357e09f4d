import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak load generator for Herald (bench/soak.sh runs it; see bench/README.md). One file, JDK 17 only:
 *
 * <pre>HERALD_ACCOUNT_SID=AC.. HERALD_AUTH_TOKEN=.. java bench/Soak.java url=http://127.0.0.1:18290 pid=PID out=DIR [key=value ...]</pre>
 *
 * Open model: request i is due at start + i / rate. At its due time the scheduler queues it, whatever the server is
 * doing, and one of `connections` threads (each with its own keep-alive connection) sends it as soon as one is free,
 * at once normally. Its latency runs from the due time, so a server stall shows as latency of every request due
 * during it (no coordinated omission), and the generator never slows down: requests queue instead, up to
 * max_inflight, beyond which they are not sent and are counted as "overload". A request that goes out more than
 * late_ms after its due time is late (every connection was busy, or the generator got no CPU). The run is bounded:
 * rate x (warmup + duration) requests, each with a timeout, and a hard stop 30 s after the schedule ends.
 *
 * Phases: create `services` Services; fill (a closed loop, fill_concurrency in flight) up to `bindings` Bindings;
 * warm-up at the rate (reported, left out of the first/last comparison); the measured intervals of `sample` each.
 * At the end of every interval it samples the Herald process `pid`: heap used (after a full GC when heap_gc=1, via
 * `jcmd PID -f` with GC.run and GC.heap_info), RSS and threads (/proc/PID/status), open fds (/proc/PID/fd), CPU
 * (/proc/PID/stat). At the end it pages through every Service to count the Bindings Herald holds, and prints a
 * summary (also written to out/summary.txt, with out/intervals.csv and out/errors.txt).
 *
 * Mix (weights): create, fetch, list (alternately by one tag and by one identity, PageSize=50), delete. A create
 * adds a new Binding while the data set is below `bindings`, else re-registers the address of a known Binding
 * (Notify's same-address replace: the old Binding goes, a new SID comes), so the data set stays near `bindings`
 * while deletes and creates churn it. Identities: the generator counts Bindings per identity and never gives one
 * more than per_identity (default 10, below Notify's 20), so a 400 means Herald refused something it should not.
 * A Binding is checked out of the pool while a fetch, delete or replace of it is in flight, so none of them races
 * another: a 404 is a real error too.
 */
public final class Soak {

    // ------------------------------------------------------------------------------------------------ config

    static String url;
    static long pid;
    static Path out;
    static double rate = 400;
    static long durationNs = TimeUnit.MINUTES.toNanos(30);
    static long sampleNs = TimeUnit.SECONDS.toNanos(60);
    static long warmupNs = TimeUnit.SECONDS.toNanos(60);
    static int bindings = 20000;
    static int services = 3;
    static int tags = 50;
    static int perIdentity = 10;
    static long timeoutNs = TimeUnit.SECONDS.toNanos(10);
    static long lateNs = TimeUnit.MILLISECONDS.toNanos(10);
    static long slowNs = TimeUnit.MILLISECONDS.toNanos(100);
    static int maxInflight = 10000;
    static int connections = 32;
    static boolean heapGc = true;
    static int fillConcurrency = 16;
    static long fillTimeoutNs = TimeUnit.SECONDS.toNanos(600);
    static long seed = 1;
    static int clkTck = 100;
    static String jcmd = "jcmd";
    static String mixText = "create=30,fetch=40,list=20,delete=10";
    static double[] mix; // cumulative weights of CREATE, FETCH, LIST, DELETE

    enum Op {
        CREATE("create"), FETCH("fetch"), LIST_TAG("list-tag"), LIST_IDENTITY("list-identity"), DELETE("delete");
        final String label;

        Op(String label) {
            this.label = label;
        }
    }

    static long parseDuration(String v) {
        v = v.trim();
        if (v.endsWith("ms")) return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v.substring(0, v.length() - 2)));
        char unit = v.charAt(v.length() - 1);
        String num = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        double n = Double.parseDouble(num);
        double s = switch (unit) {
            case 'h' -> n * 3600;
            case 'm' -> n * 60;
            case 's' -> n;
            default -> {
                if (!Character.isDigit(unit)) throw new IllegalArgumentException("bad duration: " + v);
                yield n;
            }
        };
        return (long) (s * 1e9);
    }

    static void configure(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("arguments are key=value: " + arg);
            String k = arg.substring(0, eq), v = arg.substring(eq + 1);
            switch (k) {
                case "url" -> url = v.replaceAll("/+$", "");
                case "pid" -> pid = Long.parseLong(v);
                case "out" -> out = Path.of(v);
                case "rate" -> rate = Double.parseDouble(v);
                case "duration" -> durationNs = parseDuration(v);
                case "sample" -> sampleNs = parseDuration(v);
                case "warmup" -> warmupNs = parseDuration(v);
                case "bindings" -> bindings = Integer.parseInt(v);
                case "services" -> services = Integer.parseInt(v);
                case "tags" -> tags = Integer.parseInt(v);
                case "per_identity" -> perIdentity = Integer.parseInt(v);
                case "timeout" -> timeoutNs = parseDuration(v);
                case "late_ms" -> lateNs = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v));
                case "slow_ms" -> slowNs = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v));
                case "max_inflight" -> maxInflight = Integer.parseInt(v);
                case "connections" -> connections = Integer.parseInt(v);
                case "heap_gc" -> heapGc = v.equals("1") || v.equalsIgnoreCase("true");
                case "fill_concurrency" -> fillConcurrency = Integer.parseInt(v);
                case "fill_timeout" -> fillTimeoutNs = parseDuration(v);
                case "seed" -> seed = Long.parseLong(v);
                case "clk_tck" -> clkTck = Integer.parseInt(v);
                case "jcmd" -> jcmd = v;
                case "mix" -> mixText = v;
                default -> throw new IllegalArgumentException("unknown parameter " + k);
            }
        }
        if (url == null) throw new IllegalArgumentException("url= is required");
        if (!(rate > 0) || durationNs <= 0 || sampleNs <= 0 || warmupNs < 0 || services < 1 || bindings < 0
                || tags < 1 || perIdentity < 1 || perIdentity > 20 || maxInflight < 1 || connections < 1 || fillConcurrency < 1) {
            throw new IllegalArgumentException("a parameter is out of range");
        }
        Map<String, Double> w = new LinkedHashMap<>();
        for (String part : mixText.split("[,\\s]+")) {
            if (part.isEmpty()) continue;
            String[] kv = part.split("[=:]");
            if (kv.length != 2) throw new IllegalArgumentException("MIX is create=30,fetch=40,list=20,delete=10: " + mixText);
            double x = Double.parseDouble(kv[1]);
            if (x < 0) throw new IllegalArgumentException("negative weight in MIX");
            if (!List.of("create", "fetch", "list", "delete").contains(kv[0])) {
                throw new IllegalArgumentException("MIX knows create, fetch, list, delete: " + kv[0]);
            }
            w.put(kv[0], x);
        }
        double sum = w.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!(sum > 0)) throw new IllegalArgumentException("MIX weights sum to 0");
        mix = new double[4];
        double acc = 0;
        String[] names = {"create", "fetch", "list", "delete"};
        for (int i = 0; i < 4; i++) {
            acc += w.getOrDefault(names[i], 0.0) / sum;
            mix[i] = acc;
        }
        mixText = String.format(Locale.ROOT, "create=%.0f%% fetch=%.0f%% list=%.0f%% delete=%.0f%%",
                100 * mix[0], 100 * (mix[1] - mix[0]), 100 * (mix[2] - mix[1]), 100 * (mix[3] - mix[2]));
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    static String auth;
    static String hostHeader;
    static String host;
    static int port;
    static String[] serviceSids;
    static final Pattern SID = Pattern.compile("\"sid\"\\s*:\\s*\"([A-Z]{2}[0-9a-f]{32})\"");
    static final Pattern NEXT = Pattern.compile("\"next_page_url\"\\s*:\\s*\"([^\"]+)\"");
    static final long IDLE_NS = TimeUnit.SECONDS.toNanos(20); // below Jetty's 30 s idle timeout

    /** A request: method, path and query (or an absolute URL, of which only the path and query are used), form body. */
    record Req(String method, String path, String form, boolean gzip) {
        static Req get(String path, boolean gzip) {
            return new Req("GET", path, null, gzip);
        }

        static Req post(String path, String form) {
            return new Req("POST", path, form, false);
        }

        byte[] bytes() {
            String target = path;
            if (target.startsWith("http")) {
                URI u = URI.create(target);
                target = u.getRawPath() + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
            }
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n")
                    .append("Authorization: ").append(auth).append("\r\n")
                    .append("User-Agent: herald-soak\r\n");
            // Accept-Encoding as the official clients send it: list pages of 1.5 kB or more come back gzipped.
            if (gzip) sb.append("Accept-Encoding: gzip\r\n");
            if (form != null) {
                sb.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            sb.append("\r\n");
            byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }
    }

    /** A response: status and body bytes (as sent: a gzipped list page stays gzipped, and is not looked at). */
    record Resp(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection over a plain socket, used by one thread at a time. Raw sockets rather than the
     * JDK's HttpClient: the generator shares the cores with Herald, and this costs it a fraction of the CPU a request.
     * Bodies by Content-Length or chunked. A connection idle for 20 s is reopened before use, so that Herald's idle
     * timeout never closes one just as a request goes out on it.
     */
    static final class Conn {
        Socket socket;
        InputStream in;
        OutputStream out;
        long lastUsed;

        Resp exchange(Req req) throws IOException {
            if (socket != null && System.nanoTime() - lastUsed > IDLE_NS) close();
            if (socket == null) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), (int) Math.min(5000, TimeUnit.NANOSECONDS.toMillis(timeoutNs)));
                socket = s;
                in = new BufferedInputStream(s.getInputStream(), 16384);
                out = s.getOutputStream();
            }
            // The timeout is per read: no byte from Herald for that long.
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)));
            out.write(req.bytes());
            out.flush();
            String statusLine = line();
            if (statusLine == null) throw new EOFException("connection closed before the status line");
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String h; (h = line()) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).trim(), value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
                else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.equalsIgnoreCase("chunked");
                else if (name.equalsIgnoreCase("Connection")) close = value.equalsIgnoreCase("close");
            }
            byte[] body;
            if (chunked) {
                var buf = new java.io.ByteArrayOutputStream();
                for (long n; (n = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    buf.write(fully((int) n));
                    line();
                }
                for (String t; (t = line()) != null && !t.isEmpty(); ) { } // trailers
                body = buf.toByteArray();
            } else if (length >= 0) {
                body = fully((int) length);
            } else if (status == 204 || status == 304 || status < 200 || req.method().equals("HEAD")) {
                body = new byte[0];
            } else {
                body = in.readAllBytes(); // until the server closes
                close = true;
            }
            lastUsed = System.nanoTime();
            if (close) close();
            return new Resp(status, body);
        }

        byte[] fully(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new EOFException("connection closed in a body");
            return b;
        }

        /** A header line without its CRLF, or null at the end of the stream. */
        String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            if (sb.length() == 0) return null;
            throw new EOFException("connection closed in a header");
        }

        void close() {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A request and what to do with its outcome, queued until one of the `connections` is free. */
    record Task(Op op, Req req, long dueNs, OnResponse onResponse, Runnable onFailure) {
    }

    interface OnResponse {
        void accept(int status, Resp resp);
    }

    static final AtomicInteger inflight = new AtomicInteger(); // queued or on the wire
    static final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    static volatile Semaphore fillSlots; // during the fill only: a slot a request in flight

    /**
     * Queues a request; one of the `connections` threads sends it as soon as it is free (at once, normally). Its
     * latency runs from its due time, so time spent in this queue, while Herald holds every connection, is part of it;
     * a request that goes out more than late_ms after its due time is late.
     */
    static void send(Op op, Req req, long dueNs, OnResponse onResponse, Runnable onFailure) {
        inflight.incrementAndGet();
        queue.add(new Task(op, req, dueNs, onResponse, onFailure));
    }

    /** A connection's thread: takes the queue's requests in order, one at a time. */
    static void worker() {
        Conn conn = new Conn();
        while (true) {
            Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            boolean wasLate = System.nanoTime() - t.dueNs() > lateNs;
            try {
                Resp r;
                try {
                    r = conn.exchange(t.req());
                } catch (IOException | RuntimeException e) {
                    conn.close();
                    record(t.op(), t.dueNs(), 0, errorKind(e), wasLate, e.toString());
                    t.onFailure().run();
                    continue;
                }
                record(t.op(), t.dueNs(), r.status(), null, wasLate, r.status() >= 300 ? r.text() : null);
                t.onResponse().accept(r.status(), r);
            } finally {
                inflight.decrementAndGet();
                Semaphore slots = fillSlots;
                if (slots != null) slots.release();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ data set

    /** A Binding the generator knows to exist. */
    static final class Entry {
        final int svc;
        String sid;
        int identity;
        final String type;
        final String address;

        Entry(int svc, String sid, int identity, String type, String address) {
            this.svc = svc;
            this.sid = sid;
            this.identity = identity;
            this.type = type;
            this.address = address;
        }
    }

    /** Known Bindings (available ones in a list, others checked out by a request in flight), and identity counts. */
    static final class Pool {
        final ArrayList<Entry> available = new ArrayList<>();
        int checkedOut;
        int pendingNew;
        int deleting; // checked out by a delete in flight
        long unknown; // requests whose outcome is unknown (timeout, socket error): Bindings the pool may be wrong about
        final int idSpace = Math.max(4, bindings / services / 2 + 1);
        final int[][] perId = new int[services][idSpace];
        final long[] nextAddress = new long[services];
        final Random random;

        Pool(Random random) {
            this.random = random;
        }

        synchronized int live() {
            return available.size() + checkedOut;
        }

        /** The data set as it will be once the requests in flight are answered (if they all succeed). */
        synchronized int liveAndPending() {
            return available.size() + checkedOut + pendingNew - deleting;
        }

        /** Takes a random available Binding out of the pool, or null. */
        synchronized Entry checkout() {
            int n = available.size();
            if (n == 0) return null;
            int i = random.nextInt(n);
            Entry e = available.get(i);
            available.set(i, available.get(n - 1));
            available.remove(n - 1);
            checkedOut++;
            return e;
        }

        synchronized Entry peek() {
            int n = available.size();
            return n == 0 ? null : available.get(random.nextInt(n));
        }

        synchronized void giveBack(Entry e) {
            checkedOut--;
            available.add(e);
        }

        /** A checked-out Binding that is gone (deleted, replaced, or unknown). */
        synchronized void drop(Entry e, boolean releaseIdentity) {
            checkedOut--;
            if (releaseIdentity) perId[e.svc][e.identity]--;
        }

        synchronized void added(Entry e) {
            pendingNew--;
            available.add(e);
        }

        synchronized void failedNew(int svc, int identity, boolean releaseIdentity) {
            pendingNew--;
            if (releaseIdentity) perId[svc][identity]--;
        }

        /** An identity of the Service with room for one more Binding, reserved. */
        synchronized int reserveIdentity(int svc) {
            for (int attempt = 0; ; attempt++) {
                int id = random.nextInt(idSpace);
                if (perId[svc][id] < perIdentity || attempt > 10_000) {
                    perId[svc][id]++;
                    return id;
                }
            }
        }

        synchronized void releaseIdentity(int svc, int id) {
            perId[svc][id]--;
        }

        synchronized String newAddress(int svc, String type) {
            long n = nextAddress[svc]++;
            if (type.equals("sms")) return "+1" + (2_000_000_000L + n); // E.164, unique in the Service
            return String.format(Locale.ROOT, "%s-soak-%d-%08d-%016x", type, svc, n, random.nextLong());
        }

        synchronized void unknownOutcome() {
            unknown++;
        }
    }

    static Pool pool;

    // ------------------------------------------------------------------------------------------------ statistics

    /** Results of one interval (or of the fill): counts, and latencies in microseconds. */
    static final class Stats {
        int[] lat = new int[1024];
        int n;
        long ok, status400, late, slow;
        final TreeMap<String, Long> errors = new TreeMap<>(); // non-2xx by status, and socket errors by kind

        synchronized void add(long latencyNs, int status, String error, boolean wasLate) {
            if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
            lat[n++] = (int) Math.min(Integer.MAX_VALUE, latencyNs / 1000);
            if (wasLate) late++;
            if (latencyNs > slowNs) slow++;
            if (error != null) {
                errors.merge(error, 1L, Long::sum);
            } else if (status >= 200 && status < 300) {
                ok++;
            } else {
                if (status == 400) status400++;
                errors.merge(String.valueOf(status), 1L, Long::sum);
            }
        }

        synchronized void overload() {
            errors.merge("overload", 1L, Long::sum);
        }

        synchronized long socketErrors() {
            return errors.entrySet().stream().filter(e -> !Character.isDigit(e.getKey().charAt(0)))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        synchronized long otherNon2xx() {
            return errors.entrySet().stream().filter(e -> Character.isDigit(e.getKey().charAt(0)))
                    .mapToLong(Map.Entry::getValue).sum() - status400;
        }

        synchronized String errorText() {
            StringBuilder sb = new StringBuilder();
            errors.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
            return sb.length() == 0 ? "-" : sb.toString();
        }

        synchronized int[] sorted() {
            int[] a = Arrays.copyOf(lat, n);
            Arrays.sort(a);
            return a;
        }
    }

    static double pct(int[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    static final AtomicReference<Stats> current = new AtomicReference<>(new Stats());
    static final Stats[] perOp = new Stats[Op.values().length]; // measured intervals only, for the summary
    static volatile boolean measuring;
    static final AtomicLong overloaded = new AtomicLong();
    static final List<String> errorSamples = new ArrayList<>();

    static void record(Op op, long dueNs, int status, String error, boolean wasLate, String body) {
        long latency = System.nanoTime() - dueNs;
        current.get().add(latency, status, error, wasLate);
        if (measuring) perOp[op.ordinal()].add(latency, status, error, wasLate);
        if (error != null || status < 200 || status >= 300) {
            synchronized (errorSamples) {
                if (errorSamples.size() < 50) {
                    errorSamples.add(String.format(Locale.ROOT, "%s %s %s", op.label,
                            error != null ? error : String.valueOf(status), body == null ? "" : body.strip()));
                }
            }
        }
    }

    static String errorKind(Throwable t) {
        if (t instanceof SocketTimeoutException) return "timeout";
        if (t instanceof ConnectException) return "connect";
        if (t instanceof EOFException) return "closed";
        if (t instanceof IOException) return "io";
        return t.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------------------------------------ operations

    static Random opRandom; // scheduler thread only

    static Op pick() {
        double x = opRandom.nextDouble();
        if (x < mix[0]) return Op.CREATE;
        if (x < mix[1]) return Op.FETCH;
        if (x < mix[2]) return listToggle++ % 2 == 0 ? Op.LIST_TAG : Op.LIST_IDENTITY;
        return Op.DELETE;
    }

    static long listToggle;
    static long unfinished; // queued or in flight when the run gave up waiting for them

    static String tagParams(Random r) {
        int k = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k; i++) sb.append("&Tag=tag-").append(r.nextInt(tags));
        return sb.toString();
    }

    static String randomType(Random r) {
        int x = r.nextInt(100);
        return x < 45 ? "apn" : x < 90 ? "fcm" : "sms";
    }

    /** Sends one operation due at dueNs (already past or now). Never blocks on the server. */
    static void dispatch(Op op, long dueNs) {
        Random r = opRandom;
        switch (op) {
            case CREATE -> {
                // Below the target size: a new device. At or above it: a device re-registers (same address), which
                // Notify answers by replacing the Binding; now and then with another identity (a device changing hands).
                Entry old = pool.liveAndPending() >= bindings ? pool.checkout() : null;
                if (old == null) {
                    createNew(r.nextInt(services), dueNs, r);
                } else {
                    replace(old, dueNs, r);
                }
            }
            case FETCH -> {
                Entry e = pool.checkout();
                if (e == null) {
                    createNew(r.nextInt(services), dueNs, r);
                    return;
                }
                send(Op.FETCH, Req.get("/v1/Services/" + serviceSids[e.svc] + "/Bindings/" + e.sid, false),
                        dueNs, (status, resp) -> {
                            if (status == 404) pool.drop(e, true);
                            else pool.giveBack(e);
                        }, () -> pool.giveBack(e));
            }
            case LIST_TAG -> {
                int svc = r.nextInt(services);
                String path = "/v1/Services/" + serviceSids[svc] + "/Bindings?Tag=tag-" + r.nextInt(tags) + "&PageSize=50";
                send(Op.LIST_TAG, Req.get(path, true), dueNs, (status, resp) -> { }, () -> { });
            }
            case LIST_IDENTITY -> {
                Entry e = pool.peek();
                int svc = e != null ? e.svc : r.nextInt(services);
                int id = e != null ? e.identity : r.nextInt(pool.idSpace);
                String path = "/v1/Services/" + serviceSids[svc] + "/Bindings?Identity=user-" + svc + "-" + id + "&PageSize=50";
                send(Op.LIST_IDENTITY, Req.get(path, true), dueNs, (status, resp) -> { }, () -> { });
            }
            case DELETE -> {
                Entry e;
                synchronized (pool) {
                    e = pool.checkout();
                    if (e != null) pool.deleting++;
                }
                if (e == null) {
                    createNew(r.nextInt(services), dueNs, r);
                    return;
                }
                send(Op.DELETE, new Req("DELETE", "/v1/Services/" + serviceSids[e.svc] + "/Bindings/" + e.sid, null, false),
                        dueNs, (status, resp) -> {
                            synchronized (pool) {
                                pool.deleting--;
                                if (status == 204 || status == 404) pool.drop(e, true);
                                else pool.giveBack(e);
                            }
                        }, () -> {
                            synchronized (pool) {
                                pool.deleting--;
                                pool.drop(e, false); // maybe deleted, maybe not: keep its identity counted, to be safe
                                pool.unknownOutcome();
                            }
                        });
            }
        }
    }

    /** A new Binding (new address); also what a fetch or delete becomes when the pool is empty (counted as a create). */
    static void createNew(int svc, long dueNs, Random r) {
        String type = randomType(r);
        String address = pool.newAddress(svc, type);
        int id;
        synchronized (pool) {
            id = pool.reserveIdentity(svc);
            pool.pendingNew++;
        }
        String body = "Identity=user-" + svc + "-" + id + "&BindingType=" + type + "&Address=" + enc(address) + tagParams(r);
        final int identity = id;
        send(Op.CREATE, Req.post("/v1/Services/" + serviceSids[svc] + "/Bindings", body), dueNs, (status, resp) -> {
                    String sid = status == 201 ? sidOf(resp) : null;
                    if (sid != null) pool.added(new Entry(svc, sid, identity, type, address));
                    else pool.failedNew(svc, identity, true);
                }, () -> {
                    pool.failedNew(svc, identity, false); // may have been created: keep the identity's count
                    pool.unknownOutcome();
                });
    }

    /** Re-registers a known Binding's address: Herald replaces the Binding (new SID). */
    static void replace(Entry e, long dueNs, Random r) {
        boolean move = r.nextInt(10) == 0;
        int newId = move ? pool.reserveIdentity(e.svc) : e.identity;
        String body = "Identity=user-" + e.svc + "-" + newId + "&BindingType=" + e.type + "&Address=" + enc(e.address)
                + tagParams(r);
        send(Op.CREATE, Req.post("/v1/Services/" + serviceSids[e.svc] + "/Bindings", body), dueNs, (status, resp) -> {
                    String sid = status == 201 ? sidOf(resp) : null;
                    synchronized (pool) {
                        if (sid != null) {
                            if (move) pool.releaseIdentity(e.svc, e.identity);
                            e.sid = sid;
                            e.identity = newId;
                        } else if (move) {
                            pool.releaseIdentity(e.svc, newId);
                        }
                        pool.giveBack(e);
                    }
                }, () -> {
                    pool.drop(e, false);
                    pool.unknownOutcome();
                });
    }

    static String sidOf(Resp resp) {
        Matcher m = SID.matcher(resp.text());
        return m.find() && m.group(1).startsWith("BS") ? m.group(1) : null;
    }

    // ------------------------------------------------------------------------------------------------ process

    record Proc(long rssKb, int fds, int threads, long cpuTicks, long heapKb, long heapCommittedKb, long metaKb,
                long genCpuTicks, String load, long atNs) {
    }

    /** The machine's 1-minute load average: on shared cores, what else wanted the CPU. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static final Pattern USED = Pattern.compile("(total|capacity) (\\d+)([KMG])|used (\\d+)([KMG])");

    static long kb(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "G" -> v * 1024 * 1024;
            case "M" -> v * 1024;
            default -> v;
        };
    }

    static long cpuTicksOf(String pidText) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pidText + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static Proc sampleProcess() {
        long rss = -1, cpu = -1, heap = -1, committed = -1, meta = -1;
        int fds = -1, threads = -1;
        long gen = cpuTicksOf("self");
        String load = loadAverage();
        if (pid > 0) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
                    if (line.startsWith("Threads:")) threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
                try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    fds = (int) s.count();
                }
            } catch (IOException | UncheckedIOException e) {
                // process gone: left at -1
            }
            cpu = cpuTicksOf(String.valueOf(pid));
            long[] h = heapInfo();
            heap = h[0];
            committed = h[1];
            meta = h[2];
        }
        return new Proc(rss, fds, threads, cpu, heap, committed, meta, gen, load, System.nanoTime());
    }

    /** Heap used and committed and metaspace used, in KiB, from jcmd GC.heap_info (after GC.run when heap_gc=1). */
    static long[] heapInfo() {
        long[] r = {-1, -1, -1};
        try {
            Path cmds = Files.createTempFile("soak-jcmd", ".txt");
            Files.writeString(cmds, heapGc ? "GC.run\nGC.heap_info\n" : "GC.heap_info\n");
            Path output = Files.createTempFile("soak-jcmd", ".out");
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), "-f", cmds.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            byte[] bytes = Files.readAllBytes(output);
            Files.deleteIfExists(cmds);
            Files.deleteIfExists(output);
            long used = 0, total = 0;
            boolean any = false;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String t = line.trim();
                if (t.startsWith("Metaspace")) {
                    Matcher m = Pattern.compile("used (\\d+)([KMG])").matcher(t);
                    if (m.find()) r[2] = kb(m.group(1), m.group(2));
                    break;
                }
                // G1: "garbage-first heap total 262144K, used 123456K"; Serial/Parallel: one line a generation;
                // ZGC: "ZHeap used 8M, capacity 64M". Sub-lines ("eden space 4416K, 27% used") do not match.
                Matcher m = USED.matcher(t);
                boolean lineTotal = false;
                while (m.find()) {
                    if (m.group(4) != null) {
                        used += kb(m.group(4), m.group(5));
                        any = true;
                    } else if (!lineTotal) { // the first size of a line ("max capacity" follows in ZGC's)
                        total += kb(m.group(2), m.group(3));
                        lineTotal = true;
                    }
                }
            }
            if (any) {
                r[0] = used;
                r[1] = total;
            }
        } catch (IOException e) {
            // jcmd missing or failed: -1
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ report

    static PrintStream o = System.out;
    static final List<String> csv = new ArrayList<>();
    static final List<double[]> measured = new ArrayList<>(); // t_s, heap, rss, fds, threads, p99

    static final String HEADER = String.format(Locale.ROOT,
            "%-8s %6s %7s %6s %7s %4s %5s %5s %5s %5s %7s %7s %8s %7s %7s %6s %6s %5s %4s %7s %5s %5s %6s  %s",
            "interval", "t_s", "reqs", "rps", "2xx", "400", "other", "sock", "late", "slow", "p50_ms", "p99_ms",
            "max_ms", "heap_MB", "comm_MB", "meta_MB", "rss_MB", "fds", "thr", "herald%", "gen%", "load", "live",
            "non-2xx/errors");

    static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }

    static String cpuPct(long ticks, long prevTicks, long ns) {
        if (ticks < 0 || prevTicks < 0 || ns <= 0) return "?";
        return String.format(Locale.ROOT, "%.0f", 100.0 * (ticks - prevTicks) / clkTck / (ns / 1e9));
    }

    static void line(String name, double tSeconds, Stats s, long intervalNs, Proc p, Proc prev) {
        int[] sorted = s.sorted();
        double p50 = pct(sorted, 0.50), p99 = pct(sorted, 0.99), max = pct(sorted, 1.0);
        double rps = sorted.length / (intervalNs / 1e9);
        long span = p.atNs() - prev.atNs();
        String row = String.format(Locale.ROOT,
                "%-8s %6.0f %7d %6.1f %7d %4d %5d %5d %5d %5d %7.2f %7.2f %8.2f %7s %7s %6s %6s %5d %4d %7s %5s %5s %6d  %s",
                name, tSeconds, sorted.length, rps, s.ok, s.status400, s.otherNon2xx(), s.socketErrors(), s.late, s.slow,
                p50, p99, max, mb(p.heapKb()), mb(p.heapCommittedKb()), mb(p.metaKb()), mb(p.rssKb()), p.fds(),
                p.threads(), cpuPct(p.cpuTicks(), prev.cpuTicks(), span), cpuPct(p.genCpuTicks(), prev.genCpuTicks(), span),
                p.load(), pool.live(), s.errorText());
        o.println(row);
        o.flush();
        csv.add(String.join(",", name, fmt(tSeconds), String.valueOf(sorted.length), fmt(rps), String.valueOf(s.ok),
                String.valueOf(s.status400), String.valueOf(s.otherNon2xx()), String.valueOf(s.socketErrors()),
                String.valueOf(s.late), String.valueOf(s.slow), fmt(p50), fmt(p99), fmt(max), mb(p.heapKb()),
                mb(p.heapCommittedKb()), mb(p.metaKb()), mb(p.rssKb()), String.valueOf(p.fds()), String.valueOf(p.threads()),
                cpuPct(p.cpuTicks(), prev.cpuTicks(), span), cpuPct(p.genCpuTicks(), prev.genCpuTicks(), span),
                p.load(), String.valueOf(pool.live()), "\"" + s.errorText() + "\""));
        if (!name.equals("warmup") && !name.equals("fill")) {
            measured.add(new double[] {tSeconds, p.heapKb() / 1024.0, p.rssKb() / 1024.0, p.fds(), p.threads(), p99});
        }
    }

    static String fmt(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.2f", d);
    }

    // ------------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        configure(args);
        String account = System.getenv("HERALD_ACCOUNT_SID"), token = System.getenv("HERALD_AUTH_TOKEN");
        if (account == null || token == null) throw new IllegalArgumentException("set HERALD_ACCOUNT_SID and HERALD_AUTH_TOKEN");
        auth = "Basic " + Base64.getEncoder().encodeToString((account + ":" + token).getBytes(StandardCharsets.UTF_8));
        if (out != null) Files.createDirectories(out);
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (jcmd.equals("jcmd") && Files.isExecutable(javaBin)) jcmd = javaBin.toString();
        for (int i = 0; i < perOp.length; i++) perOp[i] = new Stats();
        Random seedRandom = new Random(seed);
        pool = new Pool(new Random(seedRandom.nextLong()));
        opRandom = new Random(seedRandom.nextLong());

        URI base = URI.create(url);
        host = base.getHost();
        port = base.getPort() > 0 ? base.getPort() : 80;
        hostHeader = host + ":" + port;
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(Soak::worker, "soak-conn-" + i);
            t.setDaemon(true);
            t.start();
        }

        long total = (long) Math.floor(rate * (warmupNs + durationNs) / 1e9);
        o.printf(Locale.ROOT, "soak: %s, rate %.1f/s, warm-up %.0f s + %.0f s measured in intervals of %.0f s (%d requests), mix %s,"
                        + " data set %d Bindings over %d Services, tags tag-0..tag-%d, at most %d Bindings an identity,"
                        + " %d connections, timeout %d ms, late > %d ms, slow > %d ms, heap %s%n",
                url, rate, warmupNs / 1e9, durationNs / 1e9, sampleNs / 1e9, total, mixText, bindings, services, tags - 1,
                perIdentity, connections, timeoutNs / 1_000_000, lateNs / 1_000_000, slowNs / 1_000_000,
                heapGc ? "used after a full GC (jcmd GC.run: its pause is in that interval's latencies)" : "used (no GC forced)");

        // Services
        serviceSids = new String[services];
        Conn sync = new Conn();
        for (int i = 0; i < services; i++) {
            Resp r = sync.exchange(Req.post("/v1/Services", "FriendlyName=soak-" + i));
            Matcher m = SID.matcher(r.text());
            if (r.status() != 201 || !m.find()) throw new IllegalStateException("creating a Service: " + r.status() + " " + r.text());
            serviceSids[i] = m.group(1);
        }
        o.println("services: " + String.join(" ", serviceSids));

        // Fill: a closed loop of fill_concurrency creates in flight, until the data set holds `bindings`.
        Proc prev = sampleProcess();
        long fillStart = System.nanoTime();
        fillSlots = new Semaphore(Math.min(fillConcurrency, connections));
        Random fillRandom = new Random(seedRandom.nextLong());
        long fillSent = 0;
        while (pool.liveAndPending() < bindings && System.nanoTime() - fillStart < fillTimeoutNs) {
            if (!fillSlots.tryAcquire(timeoutNs + TimeUnit.SECONDS.toNanos(2), TimeUnit.NANOSECONDS)) break;
            createNew((int) (fillSent++ % services), System.nanoTime(), fillRandom);
            if (current.get().n > 1000 && current.get().ok < current.get().n / 2) {
                throw new IllegalStateException("fill: most creates fail: " + current.get().errorText()
                        + (errorSamples.isEmpty() ? "" : "; first: " + errorSamples.get(0)));
            }
        }
        waitForInflight(timeoutNs + TimeUnit.SECONDS.toNanos(2));
        fillSlots = null;
        long fillNs = System.nanoTime() - fillStart;
        Stats fill = current.getAndSet(new Stats());
        o.printf(Locale.ROOT, "fill: %d creates in %.1f s (%.0f/s, %d in flight): %d Bindings (target %d), errors %s%n",
                fill.n, fillNs / 1e9, fill.n / (fillNs / 1e9), fillConcurrency, pool.live(), bindings, fill.errorText());
        if (pool.live() < bindings) o.println("WARNING: the fill did not reach the target within fill_timeout");
        Proc afterFill = sampleProcess();
        o.println();
        o.println("latencies from the time each request was due; heap/rss in MiB; herald% and gen% = CPU of Herald and of this");
        o.println("generator (100 = one core); load = 1-minute load average; live = Bindings the generator knows; last column:");
        o.println("non-2xx by status and socket errors by kind");
        o.println(HEADER);
        line("fill", -(warmupNs / 1e9), fill, fillNs, afterFill, prev);
        prev = afterFill;

        // Rate phase
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long end = start + warmupNs + durationNs;
        double period = 1e9 / rate;
        current.set(new Stats());
        measuring = warmupNs == 0;
        long[] sentCount = {0};
        long[] unsent = {0};
        Thread scheduler = new Thread(() -> {
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * period);
                long now;
                while ((now = System.nanoTime()) < due) LockSupport.parkNanos(due - now);
                if (now > end + TimeUnit.SECONDS.toNanos(30)) { // hard stop: far behind schedule
                    unsent[0] = total - i;
                    break;
                }
                if (inflight.get() >= maxInflight) { // not sent: counted as an error, without a latency
                    current.get().overload();
                    if (measuring) overloaded.incrementAndGet();
                    continue;
                }
                dispatch(pick(), due);
                sentCount[0]++;
            }
        }, "soak-scheduler");
        scheduler.setPriority(Thread.MAX_PRIORITY);
        scheduler.start();

        // Intervals: warm-up (if any), then every sample until the end; the last waits for the schedule and in-flight.
        List<long[]> bounds = new ArrayList<>(); // {endNs, isWarmup}
        if (warmupNs > 0) bounds.add(new long[] {start + warmupNs, 1});
        for (long t = start + warmupNs + sampleNs; t < end; t += sampleNs) bounds.add(new long[] {t, 0});
        bounds.add(new long[] {end, 0});
        long intervalStart = start;
        int k = 0;
        for (long[] b : bounds) {
            long now;
            while ((now = System.nanoTime()) < b[0]) LockSupport.parkNanos(b[0] - now);
            boolean last = b == bounds.get(bounds.size() - 1);
            if (last) {
                scheduler.join(TimeUnit.NANOSECONDS.toMillis(timeoutNs) + 35_000);
                waitForInflight(timeoutNs + TimeUnit.SECONDS.toNanos(10));
                unfinished = inflight.get();
            }
            Stats s = current.getAndSet(new Stats());
            if (b[1] == 1) measuring = true;
            Proc p = sampleProcess();
            line(b[1] == 1 ? "warmup" : String.valueOf(++k), (b[0] - start - warmupNs) / 1e9, s, b[0] - intervalStart, p, prev);
            prev = p;
            intervalStart = b[0];
        }
        measuring = false;

        // Data set at the end: what Herald lists, Service by Service.
        long listed = 0;
        for (String is : serviceSids) {
            String next = "/v1/Services/" + is + "/Bindings?PageSize=1000";
            for (int pages = 0; next != null && pages < bindings / 1000 + 1000; pages++) {
                Resp r = sync.exchange(Req.get(next, false));
                if (r.status() != 200) {
                    o.println("WARNING: listing " + is + ": " + r.status());
                    break;
                }
                String text = r.text();
                Matcher m = SID.matcher(text);
                while (m.find()) if (m.group(1).startsWith("BS")) listed++;
                Matcher n = NEXT.matcher(text);
                next = n.find() ? n.group(1) : null;
            }
        }

        summary(total, sentCount[0], unsent[0], listed);
        if (out != null) {
            csv.add(0, "interval,t_s,reqs,rps,ok,s400,other_non2xx,sock_errors,late,slow,p50_ms,p99_ms,max_ms,heap_mb,"
                    + "heap_committed_mb,meta_mb,rss_mb,fds,threads,herald_cpu_pct,gen_cpu_pct,loadavg1,live,errors");
            Files.write(out.resolve("intervals.csv"), csv);
            synchronized (errorSamples) {
                if (!errorSamples.isEmpty()) Files.write(out.resolve("errors.txt"), errorSamples);
            }
        }
        System.exit(0);
    }

    static void waitForInflight(long maxNs) {
        long until = System.nanoTime() + maxNs;
        while (inflight.get() > 0 && System.nanoTime() < until) LockSupport.parkNanos(1_000_000);
    }

    static void summary(long total, long sent, long unsent, long listed) throws IOException {
        List<String> lines = new ArrayList<>();
        int[] merged = new int[0];
        long ok = 0, s400 = 0, other = 0, sock = 0, late = 0, slow = 0;
        TreeMap<String, Long> errs = new TreeMap<>();
        lines.add(String.format(Locale.ROOT, "%-14s %8s %8s %8s %8s %8s %8s %8s %6s %6s  %s",
                "operation", "requests", "2xx", "p50_ms", "p90_ms", "p99_ms", "p99.9_ms", "max_ms", "400", "sock", "non-2xx/errors"));
        for (Op op : Op.values()) {
            Stats s = perOp[op.ordinal()];
            int[] a = s.sorted();
            int[] m2 = Arrays.copyOf(merged, merged.length + a.length);
            System.arraycopy(a, 0, m2, merged.length, a.length);
            merged = m2;
            ok += s.ok;
            s400 += s.status400;
            other += s.otherNon2xx();
            sock += s.socketErrors();
            late += s.late;
            slow += s.slow;
            synchronized (s) {
                s.errors.forEach((key, v) -> errs.merge(key, v, Long::sum));
            }
            lines.add(String.format(Locale.ROOT, "%-14s %8d %8d %8.2f %8.2f %8.2f %8.2f %8.2f %6d %6d  %s", op.label, a.length,
                    s.ok, pct(a, .5), pct(a, .9), pct(a, .99), pct(a, .999), pct(a, 1), s.status400, s.socketErrors(), s.errorText()));
        }
        Arrays.sort(merged);
        lines.add(String.format(Locale.ROOT, "%-14s %8d %8d %8.2f %8.2f %8.2f %8.2f %8.2f %6d %6d", "all", merged.length, ok,
                pct(merged, .5), pct(merged, .9), pct(merged, .99), pct(merged, .999), pct(merged, 1), s400, sock));
        double secs = durationNs / 1e9;
        lines.add(0, String.format(Locale.ROOT,
                "measured: %d requests in %.0f s (%.1f/s at a set rate of %.1f/s), 2xx %d, 400 %d, other non-2xx %d, "
                        + "socket errors %d, late %d (sent > %d ms after due), slow %d (> %d ms)%s",
                merged.length, secs, merged.length / secs, rate, ok, s400, other, sock, late, lateNs / 1_000_000, slow,
                slowNs / 1_000_000, (unsent > 0 ? ", NOT SENT " + unsent + " (generator far behind)" : "")
                        + (unfinished > 0 ? ", UNFINISHED " + unfinished + " (no answer by the end)" : "")));
        if (overloaded.get() > 0) {
            sock += overloaded.get();
            errs.put("overload", overloaded.get());
        }
        lines.add(1, "non-2xx and errors by kind: " + (errs.isEmpty() ? "none" : errs.toString()));
        lines.add(2, "latency from the due time, measured intervals only (create includes re-registrations, which replace):");

        if (!measured.isEmpty()) {
            double[] f = measured.get(0), l = measured.get(measured.size() - 1);
            lines.add("");
            lines.add(String.format(Locale.ROOT, "first vs last measured interval (%d intervals; interval 1 ends at %.0f s, the last at %.0f s):",
                    measured.size(), f[0], l[0]));
            String[] names = {"heap_MB" + (heapGc ? " (after GC)" : " (no GC forced)"), "rss_MB", "fds", "threads", "p99_ms"};
            double[] limits = {1.25, 1.25, 1.25, 1.25, 2.0};
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                double a = f[i + 1], b = l[i + 1];
                double ratio = a > 0 ? b / a : Double.NaN;
                lines.add(String.format(Locale.ROOT, "  %-22s %10.2f -> %10.2f   ratio %6.2f", names[i], a, b, ratio));
                if (ratio > limits[i]) notes.add(String.format(Locale.ROOT, "%s grew %.2fx", names[i], ratio));
            }
            if (measured.size() >= 3 && l[0] - f[0] >= 600) { // an extrapolation from a short run says little
                lines.add(String.format(Locale.ROOT, "trend (least squares over the measured intervals): heap %+.1f MB/h, RSS %+.1f MB/h, "
                        + "fds %+.1f/h, threads %+.1f/h", slope(1), slope(2), slope(3), slope(4)));
            }
            lines.add(notes.isEmpty() ? "flat: heap, RSS, fds and threads within 1.25x of the first interval, p99 within 2x"
                    : "NOTE: " + String.join("; ", notes) + " (first to last interval)");
        }
        lines.add("");
        synchronized (pool) {
            lines.add(String.format(Locale.ROOT, "data set at the end: Herald lists %d Bindings in %d Services; the generator knows %d"
                    + " (target %d)%s", listed, services, pool.live(), bindings,
                    pool.unknown > 0 ? "; " + pool.unknown + " requests with an unknown outcome (timeouts, socket errors)" : ""));
        }
        if (s400 > 0 || other > 0 || sock > 0 || unsent > 0 || unfinished > 0) {
            lines.add("WARNING: errors during the measured intervals (see above" + (out != null ? " and errors.txt" : "") + ")");
        }
        o.println();
        o.println("== summary");
        lines.forEach(o::println);
        if (out != null) Files.write(out.resolve("summary.txt"), lines);
    }

    static double slope(int col) {
        int n = measured.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] r : measured) {
            sx += r[0];
            sy += r[col];
            sxx += r[0] * r[0];
            sxy += r[0] * r[col];
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? Double.NaN : (n * sxy - sx * sy) / d * 3600;
    }
}
