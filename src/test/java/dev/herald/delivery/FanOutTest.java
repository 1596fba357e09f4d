package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.Binding;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryQueue.Chunk;
import dev.herald.domain.Notification;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.Priority;
import dev.herald.domain.Slice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's fan-out ({@link DeliveryQueue#expand}: Bindings copied into deliveries by the database, chunk by
 * chunk) against a real store on the engine under test: every filter queues exactly the Bindings a Binding list
 * with that filter returns, once each and in list order, whatever the chunk size; a chunk whose cursor another node
 * moved queues nothing.
 */
@Timeout(60)
class FanOutTest {
    @TempDir
    Path dir;
    private EngineFixture f;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
        for (int i = 0; i < 23; i++) {
            String type = i % 3 == 0 ? "apn" : i % 3 == 1 ? "fcm" : "sms";
            String address = type.equals("sms") ? "+1555555" + String.format("%04d", i) : type + "-token-" + i;
            f.binding("user-" + (i % 7), type, address, i % 2 == 0 ? "even" : "odd", i % 5 == 0 ? "fifth" : "other");
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void everyFilterQueuesWhatTheBindingListReturnsOnceEachInListOrder() {
        List<List<List<String>>> cases = List.of(
                List.of(List.of(), List.of("all")),
                List.of(List.of(), List.of("even")),
                List.of(List.of(), List.of("fifth")),
                List.of(List.of(), List.of("even", "fifth")),
                List.of(List.of(), List.of("apn")),
                List.of(List.of(), List.of("sms", "odd")),
                List.of(List.of(), List.of("nobody")),
                List.of(List.of(), List.of("alexa")),
                List.of(List.of("user-1", "user-3"), List.of()),
                List.of(List.of("user-2"), List.of("even")));
        for (List<List<String>> c : cases) {
            for (int size : new int[] {1, 4, 5, 23, 100}) {
                Notification n = f.notification(Priority.HIGH, 60, c.get(0), c.get(1), List.of());
                BindingFilter filter = BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);
                int chunks = expandAll(n, filter, size);
                List<Binding> listed = listed(filter);
                List<String> expected = listed.stream().map(Binding::sid).toList();
                List<Delivery> queued = f.deliveries(n);
                assertThat(queued).as("%s, chunks of %d", c, size).extracting(Delivery::bindingSid)
                        .containsExactlyElementsOf(expected);
                assertThat(queued).as("what each delivery copied of its Binding")
                        .extracting(d -> d.bindingType() + " " + d.identity() + " " + d.address())
                        .containsExactlyElementsOf(listed.stream()
                                .map(b -> b.bindingType() + " " + b.identity() + " " + b.address()).toList());
                assertThat(chunks).as("chunks for %d targets by %d", expected.size(), size)
                        .isEqualTo(expected.size() / size + 1);
                DeliveryCounts counts = f.sent(n).counts();
                assertThat(counts.total()).isEqualTo(expected.size());
                assertThat(counts.state()).isEqualTo(expected.isEmpty() ? DeliveryCounts.State.DONE
                        : DeliveryCounts.State.SENDING);
                assertThat(counts.warning()).isEqualTo(expected.isEmpty() ? DeliveryCounts.NO_TARGET : null);
            }
        }
    }

    @Test
    void aChunkWhoseCursorMovedQueuesNothing() {
        Notification n = f.toTag("even");
        BindingFilter filter = BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);
        DeliveryQueue queue = f.db.deliveryQueue();
        long now = f.clock.millis();

        Chunk first = queue.expand(n, filter, null, 5, now, now + 30_000);
        Chunk again = queue.expand(n, filter, null, 5, now, now + 30_000);

        assertThat(first.moved()).isFalse();
        assertThat(first.done()).isFalse();
        assertThat(again.moved()).as("another node expanded that chunk").isTrue();
        assertThat(f.deliveries(n)).hasSize(5);
        Chunk second = queue.expand(n, filter, first.next(), 5, now, now + 30_000);
        assertThat(second.moved()).isFalse();
        assertThat(f.deliveries(n)).extracting(Delivery::bindingSid).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void bindingsCreatedAfterTheNotificationsSecondAreLeftOut() {
        Notification n = f.toTag("even");
        f.clock.advanceSeconds(1);
        f.binding("late", "fcm", "late-token", "even");
        BindingFilter filter = BindingFilter.of(n.identities(), n.tags(), null, n.dateCreated() + 1);

        expandAll(n, filter, 4);

        assertThat(f.deliveries(n)).extracting(Delivery::identity).doesNotContain("late").hasSize(12);
    }

    /** Expands {@code n} chunk by chunk until done; answers how many chunks it took. */
    private int expandAll(Notification n, BindingFilter filter, int size) {
        Position cursor = null;
        for (int chunks = 1; chunks < 1000; chunks++) {
            long now = f.clock.millis();
            Chunk chunk = f.db.deliveryQueue().expand(n, filter, cursor, size, now, now + 30_000);
            assertThat(chunk.moved()).isFalse();
            if (chunk.done()) {
                return chunks;
            }
            cursor = chunk.next();
        }
        throw new AssertionError("never done");
    }

    /** The Bindings a Binding list with {@code filter} returns, page after page. */
    private List<Binding> listed(BindingFilter filter) {
        List<Binding> bindings = new ArrayList<>();
        Position after = null;
        while (true) {
            Slice<Binding> page = f.db.bindings().list(f.account, f.service.sid(), filter,
                    new PageRequest(7, after, null));
            bindings.addAll(page.items());
            if (!page.more()) {
                return bindings;
            }
            Binding last = page.items().get(page.items().size() - 1);
            after = new Position(last.dateCreated(), last.sid());
        }
    }
}
