package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.MemoryAccountStore;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication asks the store as often for an unknown account SID as for a known one (once per cache window),
 * so the answer time does not tell whether an account exists; changes by other nodes arrive within the window.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountsTest {
    private static final String UNKNOWN = "AC" + "1".repeat(32);

    /** An in-memory store that counts lookups; "another node" writes to it directly. */
    private static final class CountingStore extends MemoryAccountStore {
        final AtomicInteger finds = new AtomicInteger();

        @Override
        public Optional<Account> find(String sid) {
            finds.incrementAndGet();
            return super.find(sid);
        }

        /** What another Herald node's {@code ensure} writes. */
        void writtenByAnotherNode(String sid, String token) throws Exception {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            upsert(new Account(sid, HexFormat.of().formatHex(hash), 0));
        }
    }

    private final CountingStore store = new CountingStore();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Accounts accounts = new Accounts(store, Clock.systemUTC(), now::get);

    private void elapse(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void anUnknownSidIsLookedUpOncePerWindowLikeAKnownOne() {
        Accounts.NewAccount known = accounts.create();
        elapse(Accounts.CACHE_NANOS + 1); // both start uncached
        store.finds.set(0);
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.authenticate(UNKNOWN, "token")).isFalse();
            assertThat(accounts.authenticate(known.sid(), "wrong")).isFalse();
            elapse(Accounts.CACHE_NANOS / 10);
        }
        assertThat(store.finds.get()).as("lookups: one for each SID").isEqualTo(2);
        elapse(Accounts.CACHE_NANOS);
        assertThat(accounts.authenticate(UNKNOWN, "token")).isFalse();
        assertThat(accounts.authenticate(known.sid(), known.authToken())).isTrue();
        assertThat(store.finds.get()).as("after the window, one more each").isEqualTo(4);
    }

    @Test
    void anAccountCreatedByAnotherNodeBecomesUsableWithinTheWindow() throws Exception {
        String sid = Sids.next(Sids.ACCOUNT);
        assertThat(accounts.authenticate(sid, "secret")).isFalse();
        store.writtenByAnotherNode(sid, "secret");
        elapse(Accounts.CACHE_NANOS);
        assertThat(accounts.authenticate(sid, "secret")).isFalse(); // still remembered as unknown
        elapse(1);
        assertThat(accounts.authenticate(sid, "secret")).isTrue();
        assertThat(accounts.authenticate(sid, "other")).isFalse();
    }

    @Test
    void aTokenChangedByAnotherNodeTakesEffectWithinTheWindow() throws Exception {
        Accounts.NewAccount account = accounts.create();
        store.writtenByAnotherNode(account.sid(), "rotated");
        assertThat(accounts.authenticate(account.sid(), account.authToken())).isTrue();
        elapse(Accounts.CACHE_NANOS + 1);
        assertThat(accounts.authenticate(account.sid(), account.authToken())).isFalse();
        assertThat(accounts.authenticate(account.sid(), "rotated")).isTrue();
    }

    @Test
    void thisNodesOwnChangesTakeEffectAtOnce() {
        String sid = Sids.next(Sids.ACCOUNT);
        assertThat(accounts.authenticate(sid, "first")).isFalse();
        accounts.ensure(sid, "first");
        assertThat(accounts.authenticate(sid, "first")).isTrue();
        accounts.ensure(sid, "second");
        assertThat(accounts.authenticate(sid, "first")).isFalse();
        assertThat(accounts.authenticate(sid, "second")).isTrue();
    }

    @Test
    void unknownSidsRememberedAreBounded() {
        for (int i = 0; i < Accounts.MAX_UNKNOWN + 500; i++) {
            assertThat(accounts.authenticate(Sids.next(Sids.ACCOUNT), "t")).isFalse();
            assertThat(accounts.unknownRemembered()).isLessThanOrEqualTo(Accounts.MAX_UNKNOWN);
        }
        // stale entries are forgotten first: after the window, the next one starts a fresh set
        elapse(Accounts.CACHE_NANOS + 1);
        assertThat(accounts.authenticate(UNKNOWN, "t")).isFalse();
        assertThat(accounts.unknownRemembered()).isLessThanOrEqualTo(Accounts.MAX_UNKNOWN);
    }

    @Test
    void malformedSidsNeverReachTheStore() {
        for (String sid : new String[] {null, "", "AC", "ACnothex", "SK" + "1".repeat(32), "ac" + "1".repeat(32)}) {
            assertThat(accounts.authenticate(sid, "t")).isFalse();
        }
        assertThat(store.finds.get()).isZero();
    }
}
