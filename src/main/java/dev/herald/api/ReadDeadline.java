package dev.herald.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * A deadline on the blocking reads of one request's body, and optionally a bound on each read's wait. Before each
 * read, the connection's idle timeout is set to the smaller of the two, so that Jetty fails a read that would wait
 * longer (the read throws an {@link IOException} caused by a {@link TimeoutException}) and the thread is free again.
 * {@link #close} restores the connection's own idle timeout.
 *
 * <p>Jetty 12's minimum request data rate ({@code HttpConfiguration.setMinRequestDataRate}) is not used: it is
 * checked only when a read starts, so it cannot end a read that blocks, and it measures from the first body byte
 * without grace, so a small body split over two packets a moment apart fails it.
 */
final class ReadDeadline implements AutoCloseable {
    private final EndPoint endPoint;
    private final long restore;
    private final long end;
    private final long pauseMillis;

    private ReadDeadline(EndPoint endPoint, long millis, long pauseMillis) {
        this.endPoint = endPoint;
        this.restore = endPoint == null ? 0 : endPoint.getIdleTimeout();
        this.end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        this.pauseMillis = pauseMillis;
    }

    /** A deadline {@code millis} from now on the connection of {@code ctx}'s request. */
    static ReadDeadline of(Context ctx, long millis) {
        return of(ctx, millis, millis);
    }

    /** A deadline {@code millis} from now, and no read waiting more than {@code pauseMillis} for data. */
    static ReadDeadline of(Context ctx, long millis, long pauseMillis) {
        return of(endPoint(ctx), millis, pauseMillis);
    }

    /** The connection of {@code ctx}'s request, or null when it is not Jetty's. */
    static EndPoint endPoint(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /** The same on {@code endPoint}, a Jetty request's connection (none: only the deadline between reads holds). */
    static ReadDeadline of(EndPoint endPoint, long millis, long pauseMillis) {
        return new ReadDeadline(endPoint, millis, pauseMillis);
    }

    /** {@code in.read(buffer)}, failing with a timeout rather than waiting past the deadline. */
    int read(InputStream in, byte[] buffer) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw new IOException(new TimeoutException("Read deadline passed"));
        }
        if (endPoint != null) {
            long wait = Math.min(left, pauseMillis);
            endPoint.setIdleTimeout(restore > 0 ? Math.min(restore, wait) : wait);
        }
        return in.read(buffer);
    }

    @Override
    public void close() {
        if (endPoint != null) {
            endPoint.setIdleTimeout(restore);
        }
    }
}
