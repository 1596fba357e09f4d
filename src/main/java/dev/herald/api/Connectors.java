package dev.herald.api;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Herald's Jetty connectors, whose buffers are never shared between connections.
 *
 * <p>Jetty (12.1.12, and 12.1.14 still) can release a connection's request buffer twice when it refuses a request
 * it cannot parse (a target with {@code %00}, a header section too large) while the client is still sending.
 * With Jetty's default pool that buffer could be handed to another connection while still in use: measured here,
 * about one such request in 35,000 (six clients at once) got no answer, or an answer without its status line and
 * headers, and Jetty logged {@code IllegalStateException: already released}. With a buffer per use (Jetty's
 * {@code NonPooling}), none in 1,400,000, at about the same API throughput (BENCHMARKS.md, section 19).
 */
final class Connectors {
    private Connectors() {
    }

    /** A connector of {@code server} speaking through {@code factories}, with unpooled buffers. */
    static ServerConnector unpooled(Server server, ConnectionFactory... factories) {
        return new ServerConnector(server, null, null, new ByteBufferPool.NonPooling(), -1, -1, factories);
    }
}
