package dev.herald.delivery.callbacks;

import dev.herald.delivery.http.KeepAlivePool;
import dev.herald.domain.CallbackQueue;
import dev.herald.domain.CallbackQueue.Done;
import dev.herald.domain.CallbackQueue.Pending;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued delivery callbacks: one thread claims due ones (at most {@link CallbackSettings#maxInFlight}
 * outstanding) and records what became of them in batches; each is checked ({@link CallbackAddresses}) and signed
 * with its account's auth token ({@link TwilioSignature}; unsigned, with one WARN per account, when Herald keeps
 * none) on a few threads of its own, then POSTed over HTTP/1.1 keep-alive connections ({@link CallbackPools}, at
 * most {@link CallbackSettings#connectionsPerOrigin} an origin, to the address checked). A 2xx answer sends it;
 * anything else (another status, an answer body over 64 KiB, no answer within the timeout, an unresolvable host) is
 * retried with backoff, and after the last attempt, or at once for a URL that is refused, it fails for good with
 * Notify's 52311, one WARN line by Notification SID (never the URL or the form).
 * At least once: a callback whose node dies while sending it is sent again after its lease. Thread-safe.
 */
public final class CallbackSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    static final String FAILED = "52311 Delivery callback invocation failed: ";
    private static final long TOKEN_CACHE_MILLIS = 60_000;
    private static final long POOL_IDLE_MILLIS = 120_000;
    /** Callbacks a worker checks, signs and hands to a pool in one task. */
    private static final int BATCH = 16;
    /** While deliveries are backlogged: at most this many callbacks in flight, a step every {@link #YIELDING_PAUSE}. */
    static final int YIELDING_IN_FLIGHT = 16;
    static final long YIELDING_PAUSE = 100;

    private final CallbackQueue queue;
    private final Function<String, Optional<String>> tokens;
    private final CallbackSettings settings;
    private final Clock clock;
    private final CallbackPools pools;
    private final ExecutorService workers;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Map.Entry<Long, Optional<String>>> tokenCache = new ConcurrentHashMap<>();
    private final Set<String> unsigned = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier deliveriesFirst;
    private volatile boolean running;
    private Thread thread;
    private long swept;

    /**
     * @param tokens an account's auth token, when Herald keeps it
     * @param deliveriesFirst whether deliveries are backlogged now: callbacks then yield to them, sent at most {@link
     *                        #YIELDING_IN_FLIGHT} at a time and one claim every 100 ms (about 160 a second at
     *                        most), and catch up at full speed once it is false
     */
    public CallbackSender(CallbackQueue queue, Function<String, Optional<String>> tokens, CallbackSettings settings,
                          Clock clock, BooleanSupplier deliveriesFirst) {
        this.queue = queue;
        this.deliveriesFirst = deliveriesFirst;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "herald-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pools = new CallbackPools(settings.connectionsPerOrigin(), settings.timeout());
    }

    public synchronized CallbackSender start() {
        running = true;
        thread = new Thread(this::run, "herald-callbacks");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * Claims in batches of at least a quarter of the callbacks allowed in flight while some are (fewer, larger
     * transactions), pausing 2 ms between steps while they are, 100 ms while deliveries come first; with nothing in
     * flight and nothing due it waits longer each time (from 2 ms), up to a second.
     */
    private void run() {
        long idle = 1;
        while (running) {
            boolean yielding = deliveriesFirst.getAsBoolean();
            boolean claimed;
            try {
                claimed = step(yielding ? YIELDING_IN_FLIGHT : settings.maxInFlight());
            } catch (RuntimeException e) {
                LOG.warn("herald-callbacks: {} (trying again)", e.toString());
                claimed = false;
            }
            boolean busy = claimed || inFlight.get() > 0;
            idle = busy ? (yielding ? YIELDING_PAUSE : claimed ? 1 : 2) : Math.min(idle * 2, 1000);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(idle));
        }
        record();
    }

    /**
     * Records the attempts that ended and, when there is room under {@code limit} in flight, claims due callbacks;
     * whether it claimed any.
     */
    private boolean step(int limit) {
        record();
        long now = clock.millis();
        if (now - swept > POOL_IDLE_MILLIS / 4) {
            swept = now;
            pools.sweep(now, POOL_IDLE_MILLIS);
        }
        int room = Math.min(limit, settings.maxInFlight()) - inFlight.get();
        if (room <= 0 || room < Math.max(1, limit / 4) && inFlight.get() > 0) {
            return false;
        }
        List<Pending> due = queue.claim(now, settings.lease().toMillis(), room);
        inFlight.addAndGet(due.size());
        for (int i = 0; i < due.size(); i += BATCH) {
            List<Pending> batch = due.subList(i, Math.min(due.size(), i + BATCH));
            workers.execute(() -> batch.forEach(this::send));
        }
        return !due.isEmpty();
    }

    /** Records the callbacks whose attempt ended; whether there were any. */
    private boolean record() {
        List<Done> batch = new ArrayList<>();
        done.drainTo(batch);
        if (batch.isEmpty()) {
            return false;
        }
        try {
            queue.complete(batch);
        } catch (RuntimeException e) {
            done.addAll(batch); // recorded at the next step; until then they count as in flight
            throw e;
        }
        inFlight.addAndGet(-batch.size());
        return true;
    }

    private void send(Pending p) {
        URI url;
        try {
            url = URI.create(p.url());
        } catch (IllegalArgumentException e) {
            fail(p, p.attempts(), "the callback URL is not a URL");
            return;
        }
        CallbackAddresses.Verdict verdict = CallbackAddresses.check(url, settings.allowPrivate());
        if (verdict instanceof CallbackAddresses.Refused r) {
            fail(p, p.attempts(), r.why());
            return;
        }
        if (verdict instanceof CallbackAddresses.Unresolved u) {
            failed(p, u.why());
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("User-Agent", "Herald");
        try {
            token(p.accountSid()).ifPresent(t -> headers.put("X-Twilio-Signature",
                    TwilioSignature.of(t, p.url(), params(p.form()))));
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            KeepAlivePool pool = pools.pool(url, ((CallbackAddresses.Allowed) verdict).address(), clock.millis());
            pool.post(target, headers, p.form().getBytes(StandardCharsets.UTF_8)).whenComplete((r, e) -> {
                if (e == null && r.status() / 100 == 2) {
                    done.add(new Done(p.id(), p.notificationSid(), true, p.attempts() + 1, 0, null));
                } else {
                    failed(p, e == null ? "the endpoint answered HTTP " + r.status()
                            : "the endpoint did not answer (" + rootName(e) + ")");
                }
            });
        } catch (RuntimeException e) {
            failed(p, "the request could not be made (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** An attempt that did not get through: retried after the backoff, or failed for good after the last one. */
    private void failed(Pending p, String why) {
        int attempts = p.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            fail(p, attempts, why + ", " + attempts + " attempts");
            return;
        }
        done.add(new Done(p.id(), p.notificationSid(), false, attempts,
                clock.millis() + settings.delayMillis(attempts), why));
    }

    private void fail(Pending p, int attempts, String why) {
        LOG.warn("A delivery callback of Notification {} failed for good (52311): {}.", p.notificationSid(), why);
        done.add(new Done(p.id(), p.notificationSid(), false, attempts, 0, FAILED + why));
    }

    private Optional<String> token(String account) {
        long now = clock.millis();
        Map.Entry<Long, Optional<String>> cached = tokenCache.get(account);
        if (cached == null || now - cached.getKey() > TOKEN_CACHE_MILLIS) {
            cached = Map.entry(now, tokens.apply(account));
            tokenCache.put(account, cached);
        }
        if (cached.getValue().isEmpty() && unsigned.add(account)) {
            LOG.warn("Delivery callbacks of account {} go unsigned: Herald keeps no auth token for it (set it with "
                    + "HERALD_AUTH_TOKEN or `herald accounts set-token`).", account);
        }
        return cached.getValue();
    }

    static Map<String, String> params(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String rootName(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** Stops claiming; callbacks in flight get up to {@code graceMillis} to end and be recorded, the rest wait out their lease. */
    public synchronized void close(long graceMillis) {
        if (thread == null) {
            return;
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, graceMillis));
            while (inFlight.get() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
                record();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        pools.close();
        thread = null;
    }

    @Override
    public void close() {
        close(2000);
    }
}
