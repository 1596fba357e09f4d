package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.domain.BindingFilter;
import dev.herald.domain.BindingType;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Chunk;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims against a real store on the engine under test: a claim takes the due deliveries not claimed already, in
 * order, including those queued again behind where earlier claims reached (on SQLite claims read on from there:
 * a retry due at once, deliveries handed back, a fan-out chunk queued after a retry was claimed).
 */
@Timeout(60)
class ClaimTest {
    private static final long LEASE = 60_000;
    @TempDir
    Path dir;
    private EngineFixture f;
    private DeliveryQueue queue;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
        queue = f.db.deliveryQueue();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Notification direct(int targets) {
        return f.notification(Priority.HIGH, Notification.MAX_TTL, List.of(), List.of(), IntStream.range(0, targets)
                .mapToObj(i -> new DirectTarget(BindingType.FCM, "token-" + i)).toList());
    }

    private List<Claimed> claim(int limit) {
        return queue.claim(f.clock.millis(), LEASE, limit);
    }

    private void retry(Notification n, List<Claimed> claimed, long dueMillis) {
        List<Result> results = new ArrayList<>();
        for (Claimed c : claimed) {
            results.add(new Result(c.id(), n.sid(), DeliveryStatus.QUEUED, dueMillis, 52309, "failed", null, null,
                    false, n.serviceSid(), c.bindingSid(), 0));
        }
        queue.finish(results, f.clock.millis());
        EngineFixture.settled(queue);
    }

    private static List<Long> ids(List<Claimed> claimed) {
        return claimed.stream().map(Claimed::id).toList();
    }

    @Test
    void outcomesAreWrittenColumnByColumnAndASecondWriteOfOneChangesNothing() {
        Notification n = direct(3);
        List<Claimed> claimed = claim(3);
        assertThat(claimed).hasSize(3);
        long retryAt = f.clock.millis() + 60_000;
        Result delivered = new Result(claimed.get(0).id(), n.sid(), DeliveryStatus.DELIVERED, 0, null, null, "pm-1",
                "{\"body\":{}}", false, n.serviceSid(), null, 0);
        Result rejected = new Result(claimed.get(1).id(), n.sid(), DeliveryStatus.REJECTED, 0, 52004, "no credential",
                null, null, false, n.serviceSid(), null, 0);
        Result failed = new Result(claimed.get(2).id(), n.sid(), DeliveryStatus.QUEUED, retryAt, 52309, "failed",
                null, null, false, n.serviceSid(), null, 0);
        queue.finish(List.of(delivered, rejected, failed), f.clock.millis());
        EngineFixture.settled(queue);
        queue.finish(List.of(delivered, rejected), f.clock.millis()); // written already: not counted again
        EngineFixture.settled(queue);

        assertThat(f.sent(n).counts()).extracting("queued", "delivered", "rejected").containsExactly(1L, 1L, 1L);
        List<Delivery> rows = f.deliveries(n);
        assertThat(rows).extracting(Delivery::status, Delivery::attempts, Delivery::errorCode, Delivery::errorMessage,
                        Delivery::providerMessageId, Delivery::request)
                .containsExactly(tuple(DeliveryStatus.DELIVERED, 1, null, null, "pm-1", "{\"body\":{}}"),
                        tuple(DeliveryStatus.REJECTED, 1, 52004, "no credential", null, null),
                        tuple(DeliveryStatus.QUEUED, 1, 52309, "failed", null, null));
        assertThat(claim(3)).as("the retry is due in a minute").isEmpty();
        f.clock.advanceSeconds(60);
        assertThat(ids(claim(3))).containsExactly(failed.id());
    }

    @Test
    void claimsTakeEachDueDeliveryOnceInOrder() {
        direct(10);

        List<Claimed> first = claim(4);
        List<Claimed> second = claim(4);
        List<Claimed> third = claim(4);

        List<Long> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        all.addAll(ids(third));
        assertThat(ids(first)).hasSize(4).isSorted();
        assertThat(ids(second)).hasSize(4).isSorted();
        assertThat(ids(third)).hasSize(2).isSorted();
        assertThat(all).doesNotHaveDuplicates().isSorted();
        assertThat(claim(4)).as("all claimed").isEmpty();
    }

    @Test
    void aRetryDueBeforeTheRetriesClaimedLastIsClaimedAgain() {
        Notification n = direct(10);
        long now = f.clock.millis();
        List<Claimed> first = claim(3);
        retry(n, first, now - 1);
        List<Claimed> second = claim(10);
        assertThat(second).as("the other seven, then the three retries").hasSize(10);
        Claimed fresh = second.get(0);

        retry(n, List.of(fresh), now - 5); // due before the retries claimed last
        List<Claimed> next = claim(10);

        assertThat(ids(next)).containsExactly(fresh.id());
        assertThat(next.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void retriesBehindTheLastClaimMoreThanOneClaimTakesAreAllClaimed() {
        Notification n = direct(10);
        long now = f.clock.millis();
        retry(n, claim(3), now - 1);
        List<Claimed> second = claim(10);
        assertThat(second).hasSize(10);

        List<Claimed> fresh = second.subList(0, 7); // the seven first attempts, the last one after the retries
        retry(n, fresh.subList(0, 6), now - 5);
        retry(n, fresh.subList(6, 7), now - 1);
        List<Claimed> small = claim(3);
        List<Claimed> rest = claim(10);

        List<Long> all = new ArrayList<>(ids(small));
        all.addAll(ids(rest));
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids(fresh));
    }

    @Test
    void deliveriesHandedBackAreClaimedAgain() {
        direct(6);
        List<Claimed> first = claim(3);

        queue.release(first, f.clock.millis());
        List<Claimed> next = claim(20);

        assertThat(ids(next)).hasSize(6).containsAll(ids(first));
    }

    @Test
    void aChunkQueuedAfterARetryWasClaimedIsClaimedToo() {
        for (int i = 0; i < 6; i++) {
            f.binding("user-" + i, "fcm", "token-" + i, "group");
        }
        Notification n = f.toTag("group");
        BindingFilter filter = BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);
        long now = f.clock.millis();
        Chunk chunk = queue.expand(n, filter, null, 3, now, now + LEASE);
        List<Claimed> first = claim(10);
        assertThat(first).hasSize(3);
        retry(n, first, now - 1);
        assertThat(claim(10)).as("the retries, due before now").hasSize(3);

        queue.expand(n, filter, chunk.next(), 3, now, now + LEASE);
        List<Claimed> next = claim(10);

        assertThat(next).as("the second chunk's deliveries, due at 0: before the retries claimed").hasSize(3)
                .extracting(Claimed::attempt).containsOnly(1);
    }
}
