package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * The cap on the requests one account has in flight, so that one account (slow clients, or many expensive lists)
 * cannot take every HTTP thread from the others: a request counts from its authentication until its response is
 * complete (or its connection failed), and a request beyond the cap is refused with 429 / 20429 and
 * {@code Retry-After} before its body is read, and its connection closed. Such a body is drained (discarded) only
 * while one of {@link #DRAINS} drain places is free: a socket closed with unread data is reset, and the reset can
 * overtake the answer, but draining every refused body would hand threads back to the client the cap refused.
 */
final class AccountLimiter {
    /** The most refused bodies drained at once (each for at most {@link Bodies#DRAIN_MILLIS}). */
    static final int DRAINS = 2;
    private final int perAccount;
    /** One counter per account that has authenticated since the start: as many as the accounts, never more. */
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Refused bodies being drained at once, whatever their accounts: beyond them a refused body is left unread. */
    private final Semaphore drains = new Semaphore(DRAINS);

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
            if (Bodies.announced(ctx)) {
                ctx.header("Connection", "close");
                drainIfFree(ctx);
            }
            throw new TwilioException(TwilioError.TOO_MANY_REQUESTS, "Too many requests: this account already has "
                    + perAccount + " requests in progress; try again");
        }
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            count.decrementAndGet(); // not served by Jetty: nothing would tell the end
            return;
        }
        try {
            Request.addCompletionListener(request, failure -> count.decrementAndGet());
        } catch (RuntimeException e) {
            count.decrementAndGet();
            throw e;
        }
    }

    /**
     * Discards the refused body when a drain place is free, so that a client still sending it reads the 429 rather
     * than a connection reset (closing a socket with unread data resets it, and the reset can overtake the answer).
     */
    private void drainIfFree(Context ctx) {
        if (drains.tryAcquire()) {
            try {
                Bodies.drain(ctx);
            } finally {
                drains.release();
            }
        }
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
