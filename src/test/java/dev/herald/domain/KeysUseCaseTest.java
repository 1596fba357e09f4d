package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Keys} against the real store of the engine under test. */
@Timeout(60)
class KeysUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    String account;

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
    }

    @Test
    void aNewKeyAuthenticatesAsItsAccountWithTheSecretShownOnce() {
        Keys.NewKey created = f.keys.create(account, "CI");
        ApiKey key = created.key();
        assertThat(Sids.isCanonical(Sids.API_KEY, key.sid())).as(key.sid()).isTrue();
        assertThat(key.accountSid()).isEqualTo(account);
        assertThat(key.friendlyName()).isEqualTo("CI");
        assertThat(key.dateCreated()).isEqualTo(at(0));
        assertThat(key.dateUpdated()).isEqualTo(at(0));
        assertThat(created.secret()).matches("[A-Za-z0-9]{32}");
        assertThat(created.toString()).doesNotContain(created.secret());
        assertThat(key.secretHash()).matches("[0-9a-f]{64}").doesNotContain(created.secret());

        assertThat(f.keys.authenticate(key.sid(), created.secret())).isEqualTo(account);
        assertThat(f.keys.authenticate("SK" + key.sid().substring(2).toUpperCase(), created.secret()))
                .as("hex digits of either case").isEqualTo(account);
        assertThat(f.keys.authenticate(key.sid(), created.secret() + "x")).isNull();
        assertThat(f.keys.authenticate(key.sid(), "")).isNull();
        assertThat(f.keys.authenticate(Sids.next(Sids.API_KEY), created.secret())).isNull();
        assertThat(f.keys.authenticate("SKnot-a-sid", created.secret())).isNull();
        assertThat(f.keys.fetch(account, key.sid())).isEqualTo(key);
        assertThat(f.keys.create(account, null).key().friendlyName()).isNull();
    }

    @Test
    void eachKeyHasItsOwnSecret() {
        Keys.NewKey one = f.keys.create(account, null);
        Keys.NewKey two = f.keys.create(account, null);
        assertThat(one.secret()).isNotEqualTo(two.secret());
        assertThat(f.keys.authenticate(one.key().sid(), two.secret())).isNull();
    }

    @Test
    void aRevokedKeyAuthenticatesNoMore() {
        Keys.NewKey created = f.keys.create(account, null);
        String sid = created.key().sid();
        f.keys.delete(account, sid);
        assertThat(f.keys.authenticate(sid, created.secret())).isNull();
        assertNotFound(() -> f.keys.fetch(account, sid));
        assertNotFound(() -> f.keys.delete(account, sid));

        Keys.NewKey other = f.keys.create(account, null);
        assertThat(f.keys.revoke(null, other.key().sid())).isEqualTo(account);
        assertThat(f.keys.authenticate(other.key().sid(), other.secret())).isNull();
        assertNotFound(() -> f.keys.revoke(null, other.key().sid()));
    }

    @Test
    void anotherAccountsKeysAreNotFound() {
        String stranger = f.newAccount();
        String sid = f.keys.create(account, "mine").key().sid();
        assertNotFound(() -> f.keys.fetch(stranger, sid));
        assertNotFound(() -> f.keys.update(stranger, sid, "pwned"));
        assertNotFound(() -> f.keys.delete(stranger, sid));
        assertNotFound(() -> f.keys.revoke(stranger, sid));
        assertThat(f.keys.list(stranger, PageRequest.first(50)).items()).isEmpty();
        assertThat(f.keys.fetch(account, sid).friendlyName()).isEqualTo("mine");
    }

    @Test
    void createNeedsAnExistingAccountAndAShortName() {
        assertNotFound(() -> f.keys.create(Sids.next(Sids.ACCOUNT), null));
        assertNotFound(() -> f.keys.create("ACnot-a-sid", null));
        assertInvalid("FriendlyName", () -> f.keys.create(account, "x".repeat(65)));
        assertThat(f.keys.create(account, "x".repeat(64)).key().friendlyName()).hasSize(64);
    }

    @Test
    void updateRenamesKeepsOrClears() {
        String sid = f.keys.create(account, "old").key().sid();
        f.clock.advance(Duration.ofSeconds(5));
        ApiKey renamed = f.keys.update(account, sid, "new");
        assertThat(renamed.friendlyName()).isEqualTo("new");
        assertThat(renamed.dateUpdated()).isEqualTo(at(5));
        assertThat(renamed.dateCreated()).isEqualTo(at(0));
        assertThat(f.keys.update(account, sid, null)).isEqualTo(renamed);
        assertThat(f.keys.update(account, sid, "").friendlyName()).isNull();
        assertInvalid("FriendlyName", () -> f.keys.update(account, sid, "x".repeat(65)));
    }

    @Test
    void listPagesInCreationOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(f.keys.create(account, "k" + i).key().sid());
            f.clock.advance(Duration.ofSeconds(1));
        }
        Slice<ApiKey> first = f.keys.list(account, PageRequest.first(3));
        assertThat(first.items()).extracting(ApiKey::sid).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(first.more()).isTrue();
        ApiKey last = first.items().get(2);
        Slice<ApiKey> second = f.keys.list(account,
                new PageRequest(3, new Position(last.dateCreated(), last.sid()), null));
        assertThat(second.items()).extracting(ApiKey::sid).containsExactlyElementsOf(created.subList(3, 5));
        assertThat(second.more()).isFalse();
    }

    @Test
    void deletingAnAccountDeletesItsKeys() {
        Keys.NewKey created = f.keys.create(account, null);
        f.db.transactor().write(h -> h.createUpdate("DELETE FROM accounts WHERE sid = :sid")
                .bind("sid", account).execute());
        assertThat(f.keys.authenticate(created.key().sid(), created.secret())).isNull();
        long left = f.db.transactor().read(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE account_sid = :a")
                .bind("a", account).mapTo(Long.class).one());
        assertThat(left).isZero();
    }
}
