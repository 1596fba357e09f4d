package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore.InsertResult;
import dev.herald.domain.Priority;
import dev.herald.domain.Sids;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's idempotency tokens on the engine under test: a repeat within a day replays the first Notification or
 * conflicts, by fingerprint; a token a day old, purged, or whose Notification was purged, is forgotten.
 */
@Timeout(60)
class IdempotencyTokensTest {
    @TempDir
    Path dir;
    private EngineFixture f;

    @BeforeEach
    void open() {
        f = new EngineFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Notification notification(int ttl) {
        return new Notification(Sids.next(Sids.NOTIFICATION), f.account, f.service.sid(),
                f.clock.instant().getEpochSecond(), List.of("alice"), List.of(), List.of(), Priority.HIGH, ttl, null,
                "body", null, null, null, null, null, null, null, null, null, List.of(), null);
    }

    private InsertResult insert(Notification n, String token, String fingerprint) {
        return f.db.notifications().insert(n, new IdempotencyKey(token, fingerprint));
    }

    @Test
    void aRepeatWithinADayReplaysOrConflictsAndAfterADayIsNew() {
        Notification first = notification(3600);
        assertThat(insert(first, "t", "same")).isEqualTo(new InsertResult.Inserted(first));

        f.clock.advanceSeconds(IdempotencyKey.LIFETIME_SECONDS - 1);
        InsertResult replayed = insert(notification(3600), "t", "same");
        InsertResult conflict = insert(notification(3600), "t", "other");
        assertThat(replayed).isInstanceOf(InsertResult.Replayed.class);
        assertThat(((InsertResult.Replayed) replayed).original().sid()).isEqualTo(first.sid());
        assertThat(conflict).isEqualTo(new InsertResult.TokenConflict());

        f.clock.advanceSeconds(1);
        Notification later = notification(3600);
        assertThat(insert(later, "t", "other")).isEqualTo(new InsertResult.Inserted(later));
        assertThat(((InsertResult.Replayed) insert(notification(3600), "t", "other")).original().sid())
                .isEqualTo(later.sid());
    }

    @Test
    void purgedTokensAndTokensOfPurgedNotificationsAreForgotten() {
        Notification kept = notification(Notification.MAX_TTL);
        Notification shortLived = notification(60);
        insert(kept, "kept", "a");
        insert(shortLived, "short", "a");
        f.clock.advanceSeconds(120);
        long now = f.clock.instant().getEpochSecond();

        while (f.db.deliveryQueue().purge(now, 100) > 0) {
            // the short-lived Notification is past its TTL: it goes with its deliveries
        }
        Notification again = notification(60);
        assertThat(insert(again, "short", "b")).isEqualTo(new InsertResult.Inserted(again));
        assertThat(insert(notification(60), "kept", "b")).isEqualTo(new InsertResult.TokenConflict());

        assertThat(f.db.deliveryQueue().purgeIdempotencyTokens(now - 60, 100)).isEqualTo(1); // "kept"
        assertThat(f.db.deliveryQueue().purgeIdempotencyTokens(now - 60, 100)).isZero();
        Notification fresh = notification(60);
        assertThat(insert(fresh, "kept", "b")).isEqualTo(new InsertResult.Inserted(fresh));
        assertThat(f.db.notifications().find(f.account, f.service.sid(), kept.sid())).isPresent();
    }
}
