package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies, read on an HTTP thread without letting a slow or vanished client keep that thread: the whole body
 * must arrive within {@link #DEADLINE_MILLIS} of Herald starting to read it (each blocking read is bounded by the
 * time left, see {@link ReadDeadline}), else the request is answered 408 / 20408 and its connection closed. A client
 * that hangs up before its whole body arrived is answered 400 / 20001 (if it still reads) and logged in one DEBUG
 * line, without a stack trace. A body Herald refuses or ignores without reading is discarded before its connection
 * closes ({@link #leaveUnread}).
 */
final class Bodies {
    private static final Logger LOG = LoggerFactory.getLogger(Bodies.class);
    /** The most time a whole request body may take to arrive, counted from the first read (after authentication). */
    static final long DEADLINE_MILLIS = 10_000;
    /** The most time spent discarding a refused body (413) so that its client gets to read the answer. */
    static final long DRAIN_MILLIS = 1_000;
    /**
     * A refused body is discarded only while it keeps coming: a pause this long ends the draining. Half the drain's
     * time: on a loaded machine a client's body may follow its headers after a long pause (with 200 ms, a CI run saw
     * the JDK 25 client lose the answer to a refused path, most likely so).
     */
    static final long DRAIN_PAUSE_MILLIS = 500;
    /** The most bodies left unread that are drained at once in this process (see {@link #leaveUnread}). */
    static final int DRAINS = 4;
    private static final Semaphore DRAINING = new Semaphore(DRAINS);
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;
    private static final String BODY = "herald.body";
    /** Set once Herald has started to read, or has given up, the request's body: it is handled only once. */
    private static final String HANDLED = "herald.body.handled";
    private static final byte[] EMPTY = new byte[0];

    private Bodies() {
    }

    /** Whether the request announces a body (a positive {@code Content-Length}, or chunks). */
    static boolean announced(Context ctx) {
        return announced(ctx.contentLength(), ctx.header("Transfer-Encoding"));
    }

    /** Whether a request with this {@code Content-Length} (-1: none) and {@code Transfer-Encoding} has a body. */
    static boolean announced(long contentLength, String transferEncoding) {
        return contentLength > 0 || transferEncoding != null;
    }

    /**
     * Reads the whole body (at most {@link Admission#MAX_BODY_BYTES}, else 413) within the deadline and keeps it for
     * {@link #of}; a body that does not arrive in time is a 408, one cut short a 400, both closing the connection.
     */
    static void read(Context ctx) {
        ctx.attribute(HANDLED, true);
        // sized for the usual small form, not by Content-Length: slow clients must not make Herald reserve 1 MiB each
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.max(0, Math.min(ctx.contentLength(), 8192)));
        byte[] buffer = new byte[8192];
        try (ReadDeadline deadline = ReadDeadline.of(ctx, DEADLINE_MILLIS)) {
            InputStream in = ctx.req().getInputStream();
            int n;
            while ((n = deadline.read(in, buffer)) >= 0) {
                if (body.size() + n > Admission.MAX_BODY_BYTES) {
                    throw TwilioException.of(TwilioError.TOO_LARGE);
                }
                body.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TwilioException twilio) {
                throw twilio;
            }
            throw unread(ctx, e);
        }
        ctx.attribute(BODY, body.toByteArray());
    }

    /** The body {@link #read} kept (empty when the request had none). */
    static byte[] of(Context ctx) {
        byte[] body = ctx.attribute(BODY);
        return body == null ? EMPTY : body;
    }

    /**
     * Ends a request whose announced body Herald answers without reading (refused before its body, or a route that
     * takes none): its connection closes after the answer, and the body is first {@link #drain drained} while one of
     * {@link #DRAINS} places is free. Closing a socket with unread data resets it, and the reset can overtake the
     * answer; but draining every such body would let strangers (401) or an account over its cap (429) hold threads.
     * Does nothing when the request announced no body or its body was read (or left) already.
     */
    static void leaveUnread(Context ctx) {
        if (!announced(ctx) || ctx.attribute(HANDLED) != null) {
            return;
        }
        ctx.attribute(HANDLED, true);
        ctx.header("Connection", "close");
        if (DRAINING.tryAcquire()) {
            try {
                drain(ctx);
            } finally {
                DRAINING.release();
            }
        }
    }

    /**
     * {@link #drain(InputStream, EndPoint) Drains} a body that Herald refused without reading (before routing, or
     * before authentication), while one of {@link #DRAINS} places is free; else leaves it to the connection's reset.
     */
    static void drainWhileFree(InputStream in, EndPoint endPoint) {
        if (DRAINING.tryAcquire()) {
            try {
                drain(in, endPoint);
            } finally {
                DRAINING.release();
            }
        }
    }

    /** {@link #drain(InputStream, EndPoint) Drains} the rest of {@code ctx}'s body (a 413: the body was too large). */
    static void drain(Context ctx) {
        try {
            drain(ctx.req().getInputStream(), ReadDeadline.endPoint(ctx));
        } catch (IOException e) {
            // the connection closes after the answer anyway
        }
    }

    /**
     * Reads and discards what is left of a refused body, so that a client still sending gets to read the answer
     * instead of a connection reset: at most 16 MiB for at most {@link #DRAIN_MILLIS}, and only while it keeps
     * coming (a pause of {@link #DRAIN_PAUSE_MILLIS} ends it). The refusal may come before authentication, so a
     * slow client, a stranger maybe, holds the thread no longer than that; its connection is then closed.
     * {@code endPoint} is the connection whose reads are bounded (null: only the overall deadline holds).
     */
    static void drain(InputStream in, EndPoint endPoint) {
        byte[] buffer = new byte[64 * 1024];
        long left = MAX_DRAIN_BYTES;
        try (ReadDeadline deadline = ReadDeadline.of(endPoint, DRAIN_MILLIS, DRAIN_PAUSE_MILLIS)) {
            int n;
            while (left > 0 && (n = deadline.read(in, buffer)) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the connection closes after the answer anyway
        }
    }

    /**
     * What a failed body read answers: 408 when the time ran out, the parser's 4xx for a malformed body (bad chunks),
     * else 400: the client closed the connection early (an {@link EofException}) or it broke.
     */
    private static TwilioException unread(Context ctx, Exception failure) {
        ctx.header("Connection", "close");
        if (timedOut(failure)) {
            LOG.debug("{} {}: the request body did not arrive within {} ms", ctx.method(), ctx.path(), DEADLINE_MILLIS);
            return new TwilioException(TwilioError.REQUEST_TIMEOUT, "Request timeout: the request body did not "
                    + "arrive within " + DEADLINE_MILLIS / 1000 + " seconds");
        }
        if (failure instanceof HttpException http && !(failure instanceof EofException)
                && http.getCode() >= 400 && http.getCode() < 500) {
            LOG.debug("{} {}: malformed request body ({})", ctx.method(), ctx.path(), http.getCode());
            TwilioError error = TwilioError.forStatus(http.getCode());
            return new TwilioException(error, error.status() == 400 ? "Bad request: malformed request body" : error.message());
        }
        LOG.debug("{} {}: the connection ended before the whole request body arrived ({})", ctx.method(), ctx.path(),
                failure.getClass().getSimpleName());
        return new TwilioException(TwilioError.INVALID_PARAMETER,
                "Bad request: the connection ended before the whole request body arrived");
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpException http && http.getCode() == 408) {
                return true;
            }
        }
        return false;
    }
}
