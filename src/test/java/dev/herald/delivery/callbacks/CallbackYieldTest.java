package dev.herald.delivery.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.CallbackQueue;
import dev.herald.testing.LoopbackApi;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CallbackSender} yields to deliveries: while they are backlogged it keeps at most {@link
 * CallbackSender#YIELDING_IN_FLIGHT} callbacks in flight, yet still sends them all; once they are not, it takes
 * up to {@code maxInFlight} at a time again.
 */
@Timeout(60)
class CallbackYieldTest {
    /** A queue in memory that records how many callbacks were outstanding at each claim. */
    private static final class Queue implements CallbackQueue {
        final Deque<Pending> due = new ArrayDeque<>();
        final List<Integer> outstandingAtClaims = new CopyOnWriteArrayList<>();
        int outstanding;
        int sent;

        synchronized void add(int count, String url) {
            for (int i = 0; i < count; i++) {
                due.add(new Pending(sent + outstanding + due.size() + 1, "NT0", "AC0", url, "Status=delivered", 0));
            }
        }

        @Override
        public synchronized List<Pending> claim(long nowMillis, long leaseMillis, int limit) {
            List<Pending> claimed = new ArrayList<>();
            while (claimed.size() < limit && !due.isEmpty()) {
                claimed.add(due.poll());
            }
            outstanding += claimed.size();
            if (!claimed.isEmpty()) {
                outstandingAtClaims.add(outstanding);
            }
            return claimed;
        }

        @Override
        public synchronized void complete(List<Done> done) {
            outstanding -= done.size();
            sent += (int) done.stream().filter(Done::sent).count();
        }

        @Override
        public synchronized long[] counts(String notificationSid) {
            return new long[] {due.size() + outstanding, 0};
        }

        synchronized int sent() {
            return sent;
        }
    }

    private static void awaitSent(Queue queue, int count) throws InterruptedException {
        while (queue.sent() < count) {
            Thread.sleep(10);
        }
    }

    @Test
    void whileDeliveriesAreBackloggedFewCallbacksAreInFlightYetAllAreSent() throws Exception {
        Queue queue = new Queue();
        AtomicBoolean backlogged = new AtomicBoolean(true);
        try (LoopbackApi endpoint = new LoopbackApi(r -> "all", (r, scripted) -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new LoopbackApi.Reply(200, "", null);
            });
             CallbackSender sender = new CallbackSender(queue, account -> Optional.of("token"),
                     CallbackSettings.defaults(true), Clock.systemUTC(), backlogged::get)) {
            queue.add(200, endpoint.url() + "/cb");
            sender.start();
            awaitSent(queue, 200);
            assertThat(queue.outstandingAtClaims).isNotEmpty()
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CallbackSender.YIELDING_IN_FLIGHT));
            queue.outstandingAtClaims.clear();
            backlogged.set(false);
            queue.add(1000, endpoint.url() + "/cb");
            awaitSent(queue, 1200);
            assertThat(queue.outstandingAtClaims).as("at full speed again")
                    .anySatisfy(n -> assertThat(n).isGreaterThan(CallbackSender.YIELDING_IN_FLIGHT));
            assertThat(endpoint.all()).hasSize(1200);
        }
    }
}
