package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * The cap on the requests one account has in flight, so that one account (slow clients, or many expensive lists)
 * cannot take every HTTP thread from the others: a request counts from its authentication until its response is
 * complete (or its connection failed), and a request beyond the cap is refused with 429 / 20429 and
 * {@code Retry-After} before its body is read, and its connection closed ({@link Bodies#leaveUnread}). It also
 * tells whether several requests are under way at once ({@link #crowded}), which the delivery engine lets go first.
 */
final class AccountLimiter {
    /** Requests in flight at once that make a crowd. */
    static final int CROWD = 2;
    private final int perAccount;
    /** One counter per account that has authenticated since the start: as many as the accounts, never more. */
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Every account's requests in flight. */
    private final AtomicInteger total = new AtomicInteger();
    /** The last time {@link #CROWD} or more requests were in flight. */
    private volatile long crowdedAtNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

    /** @param perAccount the most requests of one account in flight at once (at least 1) */
    AccountLimiter(int perAccount) {
        if (perAccount < 1) {
            throw new IllegalArgumentException("perAccount must be at least 1, not " + perAccount);
        }
        this.perAccount = perAccount;
    }

    /** Counts {@code ctx}'s request against {@code account} until it completes, or throws the 429 beyond the cap. */
    void admit(Context ctx, String account) {
        AtomicInteger count = inFlight.computeIfAbsent(account, a -> new AtomicInteger());
        if (!tryIncrement(count)) {
            throw new TwilioException(TwilioError.TOO_MANY_REQUESTS, "Too many requests: this account already has "
                    + perAccount + " requests in progress; try again");
        }
        if (total.incrementAndGet() >= CROWD) {
            crowdedAtNanos = System.nanoTime();
        }
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            ended(count); // not served by Jetty: nothing would tell the end
            return;
        }
        try {
            Request.addCompletionListener(request, failure -> ended(count));
        } catch (RuntimeException e) {
            ended(count);
            throw e;
        }
    }

    private void ended(AtomicInteger count) {
        count.decrementAndGet();
        if (total.getAndDecrement() >= CROWD) {
            crowdedAtNanos = System.nanoTime();
        }
    }

    /** Every account's requests in flight now. */
    int total() {
        return total.get();
    }

    /**
     * Whether {@link #CROWD} or more requests (of any accounts) are in flight, or were less than {@code quietNanos}
     * ago: a burst, whose requests arrive with gaps between them, rather than one client's requests in turn.
     */
    boolean crowded(long quietNanos) {
        return total.get() >= CROWD || System.nanoTime() - crowdedAtNanos < quietNanos;
    }

    /** The requests of {@code account} in flight now. */
    int inFlight(String account) {
        AtomicInteger count = inFlight.get(account);
        return count == null ? 0 : count.get();
    }

    private boolean tryIncrement(AtomicInteger count) {
        while (true) {
            int n = count.get();
            if (n >= perAccount) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
