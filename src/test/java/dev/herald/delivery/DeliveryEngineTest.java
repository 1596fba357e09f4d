package dev.herald.delivery;

import static dev.herald.delivery.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.Binding;
import dev.herald.domain.BindingType;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import dev.herald.domain.DeliveryQueue;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a real store (SQLite, or PostgreSQL with -Dherald.test.engine=postgres), channels scripted. */
@Timeout(60)
class DeliveryEngineTest {
    @TempDir
    Path dir;
    private EngineFixture f;
    private DeliveryEngine engine;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.stop(1000);
        }
        f.close();
    }

    private void run(Channel channel) {
        engine = f.engine(channel, EngineFixture.fast());
        engine.start();
    }

    @Test
    void aTagSendReachesEveryTaggedBindingOnceAndIsDone() {
        for (int i = 0; i < 120; i++) {
            f.binding("user-" + i, "fcm", "token-" + i, i % 3 == 0 ? "news" : "other");
        }
        Notification n = f.toTag("news");
        ScriptedChannel channel = ScriptedChannel.delivering();
        run(channel);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        List<Delivery> deliveries = f.deliveries(n);
        assertThat(deliveries).hasSize(40).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.providerMessageId()).isEqualTo("id-" + d.id());
        });
        assertThat(deliveries.stream().map(Delivery::address).collect(Collectors.toSet())).hasSize(40);
        assertThat(f.sent(n).counts()).isEqualTo(new DeliveryCounts(DeliveryCounts.State.DONE, 40, 0, 40, 0, 0, null));
        assertThat(channel.attempts).hasSize(40);
        assertThat(channel.attempts).allSatisfy(a -> assertThat(a.target().credential().sid())
                .isEqualTo(f.fcmCredential.sid()));
    }

    /** While the API is crowded, no step of the engine starts (up to its bound); once it is not, the send goes. */
    @Test
    void whileTheApiIsCrowdedTheEngineWaits() throws InterruptedException {
        f.binding("alice", "fcm", "a1");
        ScriptedChannel channel = ScriptedChannel.delivering();
        engine = f.engine(channel, EngineFixture.fast());
        AtomicBoolean crowded = new AtomicBoolean(true);
        engine.deferTo(crowded::get, 60_000);
        Notification n = f.toTag("all");
        engine.start();
        Thread.sleep(1000);
        assertThat(channel.attempts).isEmpty();
        assertThat(f.sent(n).counts().state()).isEqualTo(DeliveryCounts.State.EXPANDING);
        crowded.set(false);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(engine.figures().deferredSeconds()).isGreaterThanOrEqualTo(0.9); // counted once a wait ends
        assertThat(f.deliveries(n)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(d.attempts()).isEqualTo(1);
        });
    }

    /** Each step waits its bound at most: an API crowded without end slows the engine but does not stop it. */
    @Test
    void aCrowdWithoutEndSlowsTheEngineButDoesNotStopIt() {
        f.binding("alice", "fcm", "a1");
        ScriptedChannel channel = ScriptedChannel.delivering();
        engine = f.engine(channel, EngineFixture.fast());
        engine.deferTo(() -> true, 50);
        Notification n = f.toTag("all");
        engine.start();
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n)).singleElement().extracting(Delivery::status).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(engine.figures().deferredSeconds()).isGreaterThanOrEqualTo(0.1);
    }

    /** A crowd that comes while a fan-out is under way holds its next chunk, not only the engine's next step. */
    @Test
    void aCrowdThatComesDuringAFanOutHoldsItsNextChunk() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            f.binding("u" + i, "fcm", "t" + i, "big");
        }
        Notification big = f.toTag("big");
        AtomicBoolean crowded = new AtomicBoolean();
        Deference deference = new Deference();
        deference.to(crowded::get, 60_000);
        AtomicInteger chunks = new AtomicInteger();
        DeliveryQueue watched = watched(f.db.deliveryQueue(), "expand", before -> {
            if (!before && chunks.incrementAndGet() == 1) {
                crowded.set(true); // the crowd comes during the first chunk
            }
        });
        Expander expander = new Expander(watched, f.clock, EngineFixture.fast().withExpansionChunk(5),
                Expander.LEASES_ALONE, deference);
        Thread turn = new Thread(() -> expander.runOnce(() -> true));
        turn.start();
        Thread.sleep(500);
        assertThat(chunks.get()).as("chunks while the crowd lasts").isEqualTo(1);
        assertThat(f.sent(big).counts().total()).isEqualTo(5);
        crowded.set(false);
        turn.join(10_000);
        assertThat(chunks.get()).isEqualTo(Expander.CHUNKS_A_TURN);
        assertThat(f.sent(big).counts().total()).isEqualTo(20);
    }

    @Test
    void bindingsCreatedAfterTheSendAreNotTargets() {
        f.binding("a", "fcm", "before", "t");
        Notification n = f.toTag("t");
        f.clock.advanceSeconds(1);
        f.binding("b", "fcm", "after", "t");
        run(ScriptedChannel.delivering());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n)).extracting(Delivery::identity).containsExactly("a");
    }

    @Test
    void identitiesAndTagsTogetherSelectBoth() {
        f.binding("alice", "fcm", "a1", "vip");
        f.binding("alice", "gcm", "a2");
        f.binding("bob", "fcm", "b1", "vip");
        Notification n = f.notification(Priority.HIGH, 60, List.of("alice"), List.of("vip"), List.of());
        run(ScriptedChannel.delivering());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n)).extracting(Delivery::address).containsExactly("a1");
    }

    @Test
    void aSendThatMatchesNothingIsDoneWithNoDelivery() {
        f.binding("alice", "apn", "a1");
        Notification n = f.toTag("nobody-has-this");
        run(ScriptedChannel.delivering());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.sent(n).counts().total()).isZero();
        assertThat(f.sent(n).counts().warning()).isEqualTo(DeliveryCounts.NO_TARGET);
    }

    @Test
    void directTargetsAreDeliveredOnceEachWithoutStoredBindings() {
        Notification n = f.notification(Priority.HIGH, 60, List.of(), List.of(), List.of(
                new DirectTarget(BindingType.SMS, "+15555550100"), new DirectTarget(BindingType.SMS, "+15555550100"),
                new DirectTarget(BindingType.FCM, "tok")));
        assertThat(f.sent(n).counts().state()).isEqualTo(DeliveryCounts.State.SENDING);
        run(ScriptedChannel.delivering());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n)).hasSize(2).allSatisfy(d -> assertThat(d.bindingSid()).isNull());
        assertThat(f.deliveries(n)).extracting(Delivery::status).containsOnly(DeliveryStatus.DELIVERED);
    }

    @Test
    void failuresAreRetriedWithBackoffUntilDelivered() {
        f.binding("a", "fcm", "flaky");
        Notification n = f.toTag("all");
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(a.number() < 3
                ? new Outcome.Failed(52110, "unavailable", null, null) : new Outcome.Delivered(null, null)));
        run(channel);
        await(() -> channel.attempts.size() == 1);
        await(() -> f.deliveries(n).get(0).errorCode() != null);
        Delivery waiting = f.deliveries(n).get(0);
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(waiting.errorMessage()).isEqualTo("unavailable");
        sleep(300);
        assertThat(channel.attempts).as("not retried before its backoff").hasSize(1);
        f.clock.advanceSeconds(2);
        engine.wake();
        await(() -> channel.attempts.size() == 2);
        f.clock.advanceSeconds(5);
        engine.wake();
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n).get(0)).returns(DeliveryStatus.DELIVERED, Delivery::status)
                .returns(3, Delivery::attempts);
    }

    @Test
    void aRetryAfterIsHonoured() {
        f.binding("a", "fcm", "busy");
        Notification n = f.toTag("all");
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(a.number() == 1
                ? new Outcome.Failed(52107, "rate", 120_000L, null) : new Outcome.Delivered(null, null)));
        run(channel);
        await(() -> channel.attempts.size() == 1);
        await(() -> f.deliveries(n).get(0).errorCode() != null);
        f.clock.advanceSeconds(100);
        engine.wake();
        sleep(300);
        assertThat(channel.attempts).hasSize(1);
        f.clock.advanceSeconds(21);
        engine.wake();
        await(() -> f.sent(n).counts().delivered() == 1);
    }

    @Test
    void aFailurePastTheDeadlineExpires() {
        f.binding("a", "fcm", "down");
        Notification n = f.notification(Priority.HIGH, 10, List.of("a"), List.of(), List.of());
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(
                new Outcome.Failed(52110, "unavailable", 30_000L, null)));
        run(channel);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n).get(0)).returns(DeliveryStatus.EXPIRED, Delivery::status)
                .returns(52310, Delivery::errorCode).returns(1, Delivery::attempts);
        assertThat(f.sent(n).counts().expired()).isEqualTo(1);
    }

    @Test
    void ttlZeroMeansOneAttempt() {
        f.binding("a", "fcm", "down");
        Notification n = f.notification(Priority.HIGH, 0, List.of("a"), List.of(), List.of());
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(
                new Outcome.Failed(52110, "unavailable", null, null)));
        run(channel);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(channel.attempts).hasSize(1);
        assertThat(f.deliveries(n).get(0).status()).isEqualTo(DeliveryStatus.EXPIRED);
    }

    @Test
    void theLastAllowedAttemptEndsIt() {
        f.binding("a", "fcm", "down");
        Notification n = f.toTag("all");
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(
                new Outcome.Failed(52110, "unavailable", null, null)));
        engine = f.engine(channel, EngineFixture.fast().withMaxAttempts(2));
        engine.start();
        await(() -> channel.attempts.size() == 1);
        await(() -> f.deliveries(n).get(0).errorCode() != null);
        f.clock.advanceSeconds(10);
        engine.wake();
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n).get(0)).returns(DeliveryStatus.EXPIRED, Delivery::status)
                .returns(52110, Delivery::errorCode).returns(2, Delivery::attempts);
    }

    @Test
    void aDeadAddressDeletesItsBindingUnlessUpdatedSince() {
        Binding dead = f.binding("a", "fcm", "dead-1");
        Binding alive = f.binding("b", "fcm", "dead-2");
        Notification n = f.toTag("fcm");
        long invalidatedAt = (f.clock.millis() - 60_000);
        ScriptedChannel channel = new ScriptedChannel(a -> CompletableFuture.completedFuture(new Outcome.Rejected(
                52103, "unregistered", true, a.target().address().equals("dead-2") ? invalidatedAt : null, null)));
        run(channel);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.db.bindings().find(f.account, f.service.sid(), dead.sid())).isEmpty();
        assertThat(f.db.bindings().find(f.account, f.service.sid(), alive.sid())).as("updated after invalidation")
                .isPresent();
        assertThat(f.deliveries(n)).extracting(Delivery::status).containsOnly(DeliveryStatus.REJECTED);
        assertThat(f.sent(n).counts().rejected()).isEqualTo(2);
    }

    @Test
    void highPriorityWorkIsClaimedFirst() {
        for (int i = 0; i < 60; i++) {
            f.binding("u" + i, "fcm", "t" + i, i < 30 ? "low" : "high");
        }
        Notification low = f.notification(Priority.LOW, 600, List.of(), List.of("low"), List.of());
        Notification high = f.notification(Priority.HIGH, 600, List.of(), List.of("high"), List.of());
        expandOnly(low, high);
        ScriptedChannel channel = ScriptedChannel.delivering();
        engine = f.engine(channel, EngineFixture.fast().withBatch(10));
        engine.start();
        await(() -> f.sent(low).counts().state() == DeliveryCounts.State.DONE);
        List<String> order = channel.attempts.stream().map(a -> a.notification().sid()).toList();
        assertThat(order.subList(0, 30)).containsOnly(high.sid());
    }

    @Test
    void aSmallSendIsNotHeldBackByAHugeOne() {
        for (int i = 0; i < 400; i++) {
            f.binding("u" + i, "fcm", "t" + i, "big");
        }
        f.binding("solo", "fcm", "solo-token", "small");
        Notification big = f.toTag("big");
        Notification small = f.toTag("small");
        expandOnly(big, small);
        ScriptedChannel channel = ScriptedChannel.delivering();
        engine = f.engine(channel, EngineFixture.fast().withBatch(20));
        engine.start();
        await(() -> f.sent(big).counts().state() == DeliveryCounts.State.DONE);
        List<String> order = channel.attempts.stream().map(a -> a.notification().sid()).toList();
        assertThat(order.indexOf(small.sid())).as("position of the small send's delivery").isLessThan(40);
    }

    @Test
    void aHugeFanOutTakesTurnsWithTheSendsAfterIt() {
        for (int i = 0; i < 100; i++) {
            f.binding("u" + i, "fcm", "t" + i, "big");
        }
        f.binding("solo", "fcm", "solo-token", "small");
        Notification big = f.toTag("big");
        Notification small = f.toTag("small");
        Expander expander = new Expander(f.db.deliveryQueue(), f.clock,
                EngineFixture.fast().withExpansionChunk(10), Expander.LEASES_ALONE);
        assertThat(expander.runOnce(() -> true)).isTrue();
        assertThat(expander.large()).as("a chunk with more after it").isTrue();
        assertThat(f.sent(small).counts().state()).isEqualTo(DeliveryCounts.State.SENDING);
        assertThat(f.sent(big).counts().state()).isEqualTo(DeliveryCounts.State.EXPANDING);
        assertThat(f.sent(big).counts().total()).isEqualTo(10L * Expander.CHUNKS_A_TURN);
        await(() -> {
            expander.runOnce(() -> true);
            return f.sent(big).counts().state() != DeliveryCounts.State.EXPANDING;
        });
        assertThat(f.sent(big).counts().total()).isEqualTo(100);
    }

    @Test
    void theEngineIsBackloggedWhileItHasMoreDueThanRoomAndNotOnceIdle() {
        for (int i = 0; i < 200; i++) {
            f.binding("u" + i, "fcm", "t" + i, "many");
        }
        Notification n = f.toTag("many");
        ScriptedChannel channel = ScriptedChannel.delivering();
        engine = f.engine(channel, EngineFixture.fast().withBatch(20).withExpansionChunk(10));
        assertThat(engine.backlogged()).as("before it starts").isFalse();
        engine.start();
        AtomicBoolean seen = new AtomicBoolean();
        await(() -> {
            seen.compareAndSet(false, engine.backlogged());
            return f.sent(n).counts().state() == DeliveryCounts.State.DONE;
        });
        assertThat(seen).as("backlogged during the send").isTrue();
        await(() -> !engine.backlogged()); // within about a second of the last full claim
    }

    @Test
    void deliveriesAreResolvedAtDeliveryTime() {
        f.binding("a", "apn", "no-credential");
        Notification n = f.toTag("apn");
        run(new SandboxLikeChannel());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(n).get(0)).returns(DeliveryStatus.REJECTED, Delivery::status)
                .returns(52004, Delivery::errorCode);
    }

    /** The API refuses such a Service; a store written otherwise (an import, a hand) may still hold one. */
    @Test
    void aCredentialOfAnotherTypeIsRejectedWith52003() {
        f.db.services().update(f.account, f.service.sid(),
                s -> s.toBuilder().apnCredentialSid(f.fcmCredential.sid()).build());
        f.binding("a", "apn", "apn-token");
        f.binding("b", "gcm", "gcm-token"); // gcm takes the Service's fcm Credential
        Notification n = f.toTag("all");
        ScriptedChannel channel = ScriptedChannel.delivering();
        run(channel);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        Map<String, Delivery> byIdentity = f.deliveries(n).stream()
                .collect(Collectors.toMap(Delivery::identity, d -> d));
        assertThat(byIdentity.get("a")).returns(DeliveryStatus.REJECTED, Delivery::status)
                .returns(52003, Delivery::errorCode);
        assertThat(byIdentity.get("a").errorMessage()).contains("fcm Credential cannot deliver to a apn Binding");
        assertThat(byIdentity.get("b").status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(channel.attempts).singleElement().satisfies(a -> assertThat(a.target().bindingType())
                .isEqualTo(BindingType.GCM));
    }

    @Test
    void aServiceChangedThroughThisProcessIsSeenByTheNextDelivery() {
        f.binding("a", "fcm", "token");
        run(ScriptedChannel.delivering());
        Notification before = f.toTag("fcm");
        await(() -> f.sent(before).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(before).get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);

        f.db.services().update(f.account, f.service.sid(), s -> s.toBuilder().fcmCredentialSid(null).build());
        Notification after = f.toTag("fcm");
        engine.wake();

        await(() -> f.sent(after).counts().state() == DeliveryCounts.State.DONE);
        assertThat(f.deliveries(after).get(0)).as("within the dispatcher's second of reuse, yet not delivered")
                .returns(DeliveryStatus.REJECTED, Delivery::status).returns(52004, Delivery::errorCode);
    }

    @Test
    void stoppingHandsUnfinishedAttemptsBack() {
        f.binding("a", "fcm", "slow");
        Notification n = f.toTag("all");
        ScriptedChannel channel = new ScriptedChannel(a -> new CompletableFuture<>()); // never answers
        run(channel);
        await(() -> channel.attempts.size() == 1);
        engine.stop(200);
        engine = null;
        Delivery d = f.deliveries(n).get(0);
        assertThat(d.status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(d.attempts()).isZero();
        ScriptedChannel next = ScriptedChannel.delivering();
        run(next);
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        assertThat(next.attempts).hasSize(1);
    }

    @Test
    void aChannelServingSeveralTypesHasOneMaxInFlight() {
        for (int i = 0; i < 4; i++) {
            f.binding("a", "fcm", "f" + i);
            f.binding("a", "gcm", "g" + i);
        }
        Notification n = f.toTag("all");
        List<CompletableFuture<Outcome>> open = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        Channel two = new Channel() {
            @Override
            public CompletableFuture<Outcome> send(Attempt attempt) {
                peak.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                CompletableFuture<Outcome> answer = new CompletableFuture<>();
                open.add(answer);
                return answer.whenComplete((o, e) -> outstanding.decrementAndGet());
            }

            @Override
            public int maxInFlight() {
                return 2;
            }
        };
        run(two);
        for (int answered = 0; answered < 8; answered++) {
            int next = answered;
            await(() -> open.size() > next);
            sleep(20);
            open.get(answered).complete(new Outcome.Delivered(null, null));
        }
        await(() -> f.sent(n).counts().delivered() == 8);
        assertThat(peak.get()).as("fcm and gcm share the channel's 2").isEqualTo(2);
    }

    @Test
    void purgedAfterTheRetention() {
        f.binding("a", "fcm", "x");
        Notification n = f.toTag("all");
        run(ScriptedChannel.delivering());
        await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        engine.stop(1000);
        f.clock.advanceSeconds(8 * 24 * 3600);
        engine = f.engine(ScriptedChannel.delivering(), EngineFixture.fast());
        engine.start();
        await(() -> f.db.notifications().find(f.account, f.service.sid(), n.sid()).isEmpty());
    }

    /** Expands Notifications fully without delivering, so that claims see all their work at once. */
    private void expandOnly(Notification... notifications) {
        Expander expander = new Expander(f.db.deliveryQueue(), f.clock, EngineFixture.fast(),
                Expander.LEASES_ALONE);
        Set<String> sids = java.util.Arrays.stream(notifications).map(Notification::sid).collect(Collectors.toSet());
        await(() -> {
            expander.runOnce(() -> true);
            return sids.stream().allMatch(s -> f.db.notifications().find(f.account, f.service.sid(), s).orElseThrow()
                    .counts().state() != DeliveryCounts.State.EXPANDING);
        });
    }

    /**
     * Where the store writes fan-out chunks side by side (PostgreSQL), two expanders expand two Notifications at
     * once; SQLite's one writer gets one expander, which takes them in turn. Either way each Binding is queued once.
     */
    @Test
    void fanOutsRunSideBySideWhereTheStoreWritesThemSo() {
        for (int i = 0; i < 30; i++) {
            f.binding("a" + i, "fcm", "token-a" + i, "a");
            f.binding("b" + i, "fcm", "token-b" + i, "b");
        }
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch two = new CountDownLatch(2);
        DeliveryQueue watched = watched(f.db.deliveryQueue(), "expand", before -> {
            if (before) {
                most.accumulateAndGet(active.incrementAndGet(), Math::max);
                two.countDown();
                two.await(2, TimeUnit.SECONDS); // the first chunk waits a moment for another expander
            } else {
                active.decrementAndGet();
            }
        });
        Notification a = f.toTag("a");
        Notification b = f.toTag("b");
        engine = new DeliveryEngine(watched, f.db.services(), f.db.credentials(), f.db.settingsVersion(),
                Map.of(BindingType.FCM, ScriptedChannel.delivering()), f.clock,
                EngineFixture.fast().withExpansionChunk(5));
        engine.start();
        await(() -> f.sent(a).counts().state() == DeliveryCounts.State.DONE
                && f.sent(b).counts().state() == DeliveryCounts.State.DONE);
        assertThat(most.get()).as("chunks expanded at once").isEqualTo(f.db.isPostgres() ? 2 : 1);
        for (Notification n : List.of(a, b)) {
            assertThat(f.deliveries(n)).hasSize(30).extracting(Delivery::status)
                    .containsOnly(DeliveryStatus.DELIVERED);
            assertThat(f.deliveries(n).stream().map(Delivery::bindingSid).distinct().count()).isEqualTo(30);
        }
    }

    /**
     * A slow channel's outcomes arrive a few at a time; the writer gathers them for a moment instead of spending a
     * transaction on each (the outcomes of 20 attempts completed 3 ms apart take a few writes, not 20).
     */
    @Test
    void outcomesArrivingOneByOneAreRecordedInAFewWrites() {
        for (int i = 0; i < 20; i++) {
            f.binding("user-" + i, "fcm", "token-" + i, "slow");
        }
        AtomicInteger finishes = new AtomicInteger();
        DeliveryQueue counting = watched(f.db.deliveryQueue(), "finish", before -> {
            if (before) {
                finishes.incrementAndGet();
            }
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        Channel slow = new ScriptedChannel(a -> {
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            timer.schedule(() -> outcome.complete(new Outcome.Delivered(null, null)), 3L * sent.incrementAndGet(),
                    TimeUnit.MILLISECONDS);
            return outcome;
        });
        Notification n = f.toTag("slow");
        engine = new DeliveryEngine(counting, f.db.services(), f.db.credentials(), f.db.settingsVersion(),
                Map.of(BindingType.FCM, slow), f.clock, EngineFixture.fast());
        try {
            engine.start();
            await(() -> f.sent(n).counts().state() == DeliveryCounts.State.DONE);
        } finally {
            timer.shutdownNow();
        }
        assertThat(f.deliveries(n)).hasSize(20).extracting(Delivery::status).containsOnly(DeliveryStatus.DELIVERED);
        assertThat(finishes.get()).as("writes of outcomes").isBetween(1, 5);
    }

    /** Any attempt reaching the channel fails the test: deliveries here must be refused before. */
    /** What a watched call runs just before it ({@code true}) and just after it, failed or not ({@code false}). */
    private interface Hook {
        void at(boolean before) throws Exception;
    }

    /** {@code real}, running {@code hook} around each call of its method {@code method}. */
    private static DeliveryQueue watched(DeliveryQueue real, String method, Hook hook) {
        return (DeliveryQueue) Proxy.newProxyInstance(DeliveryQueue.class.getClassLoader(),
                new Class<?>[] {DeliveryQueue.class}, (proxy, m, args) -> {
                    boolean watching = m.getName().equals(method);
                    if (watching) {
                        hook.at(true);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (watching) {
                            hook.at(false);
                        }
                    }
                });
    }

    private static final class SandboxLikeChannel implements Channel {
        @Override
        public CompletableFuture<Outcome> send(Attempt attempt) {
            throw new AssertionError("no attempt should reach the channel");
        }

        @Override
        public int maxInFlight() {
            return 1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
