package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * The cap on the requests one account has in flight, so that one account (slow clients, or many expensive lists)
 * cannot take every HTTP thread from the others: a request counts from its authentication until its response is
 * complete (or its connection failed), and a request beyond the cap is refused with 429 / 20429 and
 * {@code Retry-After} before its body is read, and its connection closed ({@link Bodies#leaveUnread}).
 */
final class AccountLimiter {
    private final int perAccount;
    /** One counter per account that has authenticated since the start: as many as the accounts, never more. */
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

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
