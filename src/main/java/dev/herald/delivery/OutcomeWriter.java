package dev.herald.delivery;

import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery engine's outcome writer: records the outcomes of attempts in batches of up to one claim, one
 * transaction a batch, trying again while the store refuses them, then takes the deliveries out of the engine's
 * attempts in flight and tells {@code written} (the dispatcher: room for another claim). Each batch first waits
 * out a burst of API requests ({@link Deference}), gathering the outcomes that arrive meanwhile. Its {@link #run} loop
 * runs on one thread until {@link #stop} and every outcome added before it are written; {@link #add} is
 * thread-safe.
 */
final class OutcomeWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
    /** How long the writer waits for more outcomes of the attempts in flight when it holds only a few. */
    static final long GATHER_MILLIS = 20;

    private final DeliveryQueue queue;
    private final Clock clock;
    private final int batchSize;
    private final Map<Long, Claimed> inFlight;
    private final DeliveryFigures figures;
    private final Runnable written;
    private final Deference deference;
    private final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
    private volatile boolean writing = true;

    OutcomeWriter(DeliveryQueue queue, Clock clock, int batchSize, Map<Long, Claimed> inFlight,
                  DeliveryFigures figures, Runnable written, Deference deference) {
        this.queue = queue;
        this.clock = clock;
        this.batchSize = batchSize;
        this.inFlight = inFlight;
        this.figures = figures;
        this.written = written;
        this.deference = deference;
    }

    /** Queues an attempt's outcome for the next batch. */
    void add(Result result) {
        results.add(result);
    }

    /**
     * Ends {@link #run} once the outcomes queued are written; a batch the store keeps refusing is then given up (the
     * deliveries' leases hand them to the next claim).
     */
    void stop() {
        writing = false;
    }

    @Override
    public void run() {
        List<Result> batch = new ArrayList<>();
        while (writing || !results.isEmpty()) {
            try {
                Result first = results.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                deference.await(() -> writing);
                results.drainTo(batch, batchSize - 1);
                gather(batch);
                write(batch);
                for (Result r : batch) {
                    Claimed c = inFlight.remove(r.id());
                    if (c != null) {
                        figures.record(c.bindingType(), r.status());
                    }
                }
                batch.clear();
                written.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Adds outcomes to a small {@code batch} for up to {@link #GATHER_MILLIS} while attempts are still in flight:
     * each batch is a transaction of its own, so a slow channel's outcomes, arriving a few at a time, would cost
     * the writer a commit each. A batch of a quarter claim, or all the attempts in flight, goes at once.
     */
    private void gather(List<Result> batch) throws InterruptedException {
        int enough = Math.max(1, batchSize / 4);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        while (batch.size() < enough && inFlight.size() > batch.size() && writing) {
            long left = deadline - System.nanoTime();
            Result next = left > 0 ? results.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            results.drainTo(batch, batchSize - batch.size());
        }
    }

    /** Writes a batch of outcomes, trying again while the store refuses (they must not be lost while we run). */
    private void write(List<Result> batch) throws InterruptedException {
        while (true) {
            try {
                queue.finish(batch, clock.millis());
                return;
            } catch (RuntimeException e) {
                LOG.warn("Recording {} delivery outcomes failed: {} (trying again)", batch.size(), e.toString());
                Thread.sleep(200);
                if (!writing) {
                    return; // stopping: the leases hand these deliveries to the next claim
                }
            }
        }
    }
}
