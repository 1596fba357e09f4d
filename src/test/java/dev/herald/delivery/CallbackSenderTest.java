package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.callbacks.CallbackSender;
import dev.herald.delivery.callbacks.CallbackSettings;
import dev.herald.domain.BindingType;
import dev.herald.domain.CallbackQueue;
import dev.herald.domain.DeliveryQueue.Callback;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.Notification;
import dev.herald.domain.Priority;
import dev.herald.testing.LoopbackApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks queued with outcomes ({@code DeliveryQueue.finish}) and sent by {@link CallbackSender} against a store on
 * the engine under test: a 2xx forgets the callback, an endpoint that keeps failing is tried the allowed number of
 * times and then recorded as failed (52311), a private address is refused without a request unless allowed.
 */
@Timeout(60)
class CallbackSenderTest {
    @TempDir
    Path dir;
    private EngineFixture f;
    private final AtomicInteger status = new AtomicInteger(200);
    private final LoopbackApi endpoint = new LoopbackApi(r -> "all",
            (r, scripted) -> new LoopbackApi.Reply(status.get(), "", null));

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void close() {
        endpoint.close();
        f.close();
    }

    /** A direct Notification whose one delivery is recorded as delivered with a callback to {@code url}. */
    private Notification deliveredWithCallback(String url) {
        Notification n = f.notification(Priority.HIGH, Notification.MAX_TTL, List.of(), List.of(),
                List.of(new DirectTarget(BindingType.FCM, "token-" + url.hashCode())));
        List<Claimed> claimed = f.db.deliveryQueue().claim(f.clock.millis(), 60_000, 10);
        assertThat(claimed).hasSize(1);
        f.db.deliveryQueue().finish(List.of(new Result(claimed.get(0).id(), n.sid(), DeliveryStatus.DELIVERED, 0,
                null, null, "id-1", null, false, n.serviceSid(), null, 0)
                .withCallback(new Callback(n.sid(), f.account, url, null))), f.clock.millis());
        EngineFixture.settled(f.db.deliveryQueue());
        return n;
    }

    /** The form a final outcome's callback is sent with, built from its delivery's row. */
    private String formOf(Notification n) {
        return "NotificationSid=" + n.sid() + "&ServiceSid=" + n.serviceSid() + "&AccountSid=" + f.account
                + "&BindingType=fcm&Status=delivered&Retrying=false&ProviderMessageId=id-1&Attempt=1&Timestamp="
                + java.time.Instant.ofEpochSecond(f.clock.millis() / 1000).toString().replace(":", "%3A");
    }

    private CallbackSender sender(boolean allowPrivate) {
        return new CallbackSender(f.db.callbackQueue(), account -> Optional.of("token"),
                CallbackSettings.defaults(allowPrivate).withBackoff(Duration.ofMillis(20), 3), Clock.systemUTC(),
                () -> false)
                .start();
    }

    private long[] awaitCounts(Notification n, long pending, long failed) {
        long end = System.nanoTime() + 20_000_000_000L;
        long[] c = f.db.callbackQueue().counts(n.sid());
        while ((c[0] != pending || c[1] != failed) && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            c = f.db.callbackQueue().counts(n.sid());
        }
        return c;
    }

    @Test
    void aClaimedCallbackIsNotClaimedAgainUntilItsAttemptIsRecordedThenWhenDue() {
        Notification n = deliveredWithCallback(endpoint.url() + "/queue");
        CallbackQueue queue = f.db.callbackQueue();
        long now = f.clock.millis();
        List<CallbackQueue.Pending> first = queue.claim(now, 60_000, 10);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).form()).isEqualTo(formOf(n));
        assertThat(first.get(0).url()).isEqualTo(endpoint.url() + "/queue");
        assertThat(queue.claim(now, 60_000, 10)).as("claimed already").isEmpty();
        queue.complete(List.of(new CallbackQueue.Done(first.get(0).id(), n.sid(), false, 1, now + 5_000, "down")));
        assertThat(queue.claim(now + 4_999, 60_000, 10)).as("not due yet").isEmpty();
        List<CallbackQueue.Pending> again = queue.claim(now + 5_000, 60_000, 10);
        assertThat(again).extracting(CallbackQueue.Pending::attempts).containsExactly(1);
        assertThat(again.get(0).url()).as("kept for the next attempt").isEqualTo(endpoint.url() + "/queue");
        assertThat(queue.counts(n.sid())).containsExactly(1, 0);
        queue.complete(List.of(new CallbackQueue.Done(again.get(0).id(), n.sid(), true, 2, 0, null)));
        assertThat(queue.claim(now + 120_000, 60_000, 10)).as("sent: forgotten").isEmpty();
        assertThat(queue.counts(n.sid())).containsExactly(0, 0);
    }

    @Test
    void aCallbackAnswered2xxIsSentOnceAndForgotten() {
        Notification n = deliveredWithCallback(endpoint.url() + "/ok");
        assertThat(f.db.callbackQueue().counts(n.sid())).containsExactly(1, 0);
        try (CallbackSender sender = sender(true)) {
            assertThat(awaitCounts(n, 0, 0)).containsExactly(0, 0);
        }
        assertThat(endpoint.all()).hasSize(1);
        assertThat(endpoint.all().get(0).body()).isEqualTo(formOf(n));
        assertThat(endpoint.all().get(0).header("X-Twilio-Signature")).isNotEmpty();
    }

    @Test
    void anEndpointThatKeepsFailingIsTriedTheAllowedTimesThenRecordedAsFailed() {
        status.set(500);
        Notification n = deliveredWithCallback(endpoint.url() + "/down");
        try (CallbackSender sender = sender(true)) {
            assertThat(awaitCounts(n, 0, 1)).containsExactly(0, 1);
        }
        assertThat(endpoint.all()).hasSize(3);
    }

    @Test
    void aPrivateAddressIsRefusedWithoutARequestUnlessAllowed() {
        Notification n = deliveredWithCallback(endpoint.url() + "/private");
        try (CallbackSender sender = sender(false)) {
            assertThat(awaitCounts(n, 0, 1)).containsExactly(0, 1);
        }
        assertThat(endpoint.all()).isEmpty();
    }
}
