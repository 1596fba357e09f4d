package dev.herald;

import dev.herald.delivery.DeliveryFigures;
import dev.herald.domain.BindingType;
import dev.herald.domain.DeliveryStatus;
import dev.herald.metrics.Metrics;
import dev.herald.store.jdbc.Database;

/**
 * The meters of one running Herald beside the JVM's and the requests': the database's connections and (SQLite) its
 * write queue, and the delivery engine's results by channel (Binding type) and outcome.
 */
final class Instruments {
    private Instruments() {
    }

    static Metrics of(Database database, DeliveryFigures deliveries) {
        Metrics metrics = new Metrics();
        String engine = database.engine();
        metrics.gauge("herald.db.connections.active", "Database connections in use", () -> database.figures().active(),
                "engine", engine);
        metrics.gauge("herald.db.connections.idle", "Database connections idle", () -> database.figures().idle(),
                "engine", engine);
        metrics.gauge("herald.db.connections.pending", "Callers waiting for a database connection",
                () -> database.figures().waiting(), "engine", engine);
        metrics.gauge("herald.db.connections.max", "Most database connections (PostgreSQL pool, SQLite readers)",
                () -> database.figures().max(), "engine", engine);
        if (!database.isPostgres()) {
            metrics.gauge("herald.db.write.queue", "Writes waiting for SQLite's one writer",
                    () -> database.figures().writeQueue());
        }
        metrics.gauge("herald.deliveries.in.flight", "Delivery attempts under way on this node", deliveries::inFlight);
        metrics.counter("herald.delivery.deferred.seconds", "Time the delivery engine's steps waited for crowds of "
                + "API requests to pass", deliveries::deferredSeconds);
        for (BindingType type : BindingType.values()) {
            for (DeliveryStatus status : DeliveryStatus.values()) {
                metrics.counter("herald.deliveries", "Delivery attempts' results recorded by this node (failed: "
                        + "to be tried again)", () -> deliveries.recorded(type, status), "channel", type.wire(),
                        "outcome", outcome(status));
            }
        }
        return metrics;
    }

    /** The outcome tag of a status: a result still queued is an attempt that failed and will be tried again. */
    private static String outcome(DeliveryStatus status) {
        return status == DeliveryStatus.QUEUED ? "failed" : status.wire();
    }
}
