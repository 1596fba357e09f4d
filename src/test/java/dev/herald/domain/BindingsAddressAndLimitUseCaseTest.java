package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Bindings}: an address belongs to one Binding of a Service, an identity has at most 20 Bindings in a
 * Service, and what a list returns; against the real SQLite store.
 */
@Timeout(60)
class BindingsAddressAndLimitUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    String account;
    String service;

    @BeforeEach
    void freshAccount() {
        account = f.newAccount();
        service = f.newService(account).sid();
    }

    private Binding sms(String identity, String address, String... tags) {
        return f.bindings.create(account, service, NewBinding.builder().identity(identity).bindingType("sms")
                .address(address).tags(List.of(tags)).build());
    }

    private static String number(int i) {
        return "+1555555" + String.format("%04d", i);
    }

    /** Gives {@code identity} {@link Bindings#MAX_PER_IDENTITY} Bindings, at numbers {@code from} onwards. */
    private List<Binding> fill(String identity, int from) {
        List<Binding> made = new ArrayList<>();
        for (int i = 0; i < Bindings.MAX_PER_IDENTITY; i++) {
            made.add(sms(identity, number(from + i)));
        }
        return made;
    }

    private List<Binding> list(List<String> identities, List<String> tags) {
        return f.bindings.list(account, service, BindingFilter.of(identities, tags, null, null),
                PageRequest.first(50)).items();
    }

    @Test
    void anAddressAlreadyUsedInTheServiceMovesToTheNewBinding() {
        Binding old = sms("alice", number(1), "vip");
        f.clock.advance(Duration.ofSeconds(1));
        Binding replacement = f.bindings.create(account, service, NewBinding.builder().identity("bob")
                .bindingType("sms").address(number(1)).tags(List.of("beta")).build());
        assertThat(replacement.sid()).isNotEqualTo(old.sid());
        assertNotFound(() -> f.bindings.fetch(account, service, old.sid()));
        assertNotFound(() -> f.bindings.delete(account, service, old.sid()));
        assertThat(f.bindings.fetch(account, service, replacement.sid())).isEqualTo(replacement);
        assertThat(list(List.of(), List.of())).containsExactly(replacement);
        assertThat(list(List.of(), List.of("vip"))).isEmpty();
        assertThat(list(List.of("alice"), List.of())).isEmpty();
        assertThat(list(List.of(), List.of("beta"))).containsExactly(replacement);
    }

    @Test
    void anAddressIsReplacedWhateverTheType() {
        Binding old = f.bindings.create(account, service, NewBinding.builder().identity("alice").bindingType("apn")
                .address("shared-token").build());
        Binding replacement = f.bindings.create(account, service, NewBinding.builder().identity("alice")
                .bindingType("fcm").address("shared-token").build());
        assertNotFound(() -> f.bindings.fetch(account, service, old.sid()));
        assertThat(list(List.of(), List.of())).containsExactly(replacement);
    }

    @Test
    void theSameAddressInAnotherServiceIsAnotherBinding() {
        Binding here = sms("alice", number(1));
        String elsewhere = f.newService(account).sid();
        Binding there = f.bindings.create(account, elsewhere, NewBinding.builder().identity("alice")
                .bindingType("sms").address(number(1)).build());
        assertThat(f.bindings.fetch(account, service, here.sid())).isEqualTo(here);
        assertThat(f.bindings.fetch(account, elsewhere, there.sid())).isEqualTo(there);
    }

    @Test
    void anIdentityHasAtMostTwentyBindingsInAService() {
        List<Binding> alices = fill("alice", 0);
        assertInvalid("Identity", () -> sms("alice", number(100)));
        assertThat(list(List.of("alice"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY);
        assertThat(list(List.of(), List.of())).hasSize(Bindings.MAX_PER_IDENTITY);

        // Others are not limited by alice, nor is alice in another Service.
        sms("bob", number(100));
        String elsewhere = f.newService(account).sid();
        f.bindings.create(account, elsewhere, NewBinding.builder().identity("alice").bindingType("sms")
                .address(number(100)).build());

        f.bindings.delete(account, service, alices.get(0).sid());
        Binding again = sms("alice", number(101));
        assertThat(list(List.of("alice"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY).contains(again);
        assertInvalid("Identity", () -> sms("alice", number(102)));
    }

    @Test
    void replacingOwnAddressDoesNotCountAgainstTheLimit() {
        List<Binding> alices = fill("alice", 0);
        Binding replacement = sms("alice", number(5), "vip");
        assertNotFound(() -> f.bindings.fetch(account, service, alices.get(5).sid()));
        assertThat(list(List.of("alice"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY).contains(replacement);
        assertInvalid("Identity", () -> sms("alice", number(100)));
    }

    @Test
    void anAddressTakenFromAFullIdentityFreesARoom() {
        fill("alice", 0);
        sms("bob", number(3));
        assertThat(list(List.of("alice"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY - 1);
        Binding room = sms("alice", number(100));
        assertThat(list(List.of("alice"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY).contains(room);
    }

    @Test
    void aFullIdentityCannotTakeAnAddressAndNothingChanges() {
        fill("bob", 0);
        Binding alices = sms("alice", number(100), "vip");
        assertInvalid("Identity", () -> sms("bob", number(100)));
        assertThat(f.bindings.fetch(account, service, alices.sid())).isEqualTo(alices);
        assertThat(list(List.of(), List.of("vip"))).containsExactly(alices);
        assertThat(list(List.of("bob"), List.of())).hasSize(Bindings.MAX_PER_IDENTITY);
    }

    @Test
    void listSelectsByIdentityTagsAndTypeInCreationOrder() {
        Binding a = sms("alice", number(1), "vip");
        f.clock.advance(Duration.ofSeconds(1));
        Binding b = f.bindings.create(account, service, NewBinding.builder().identity("bob").bindingType("apn")
                .address("token").tags(List.of("vip", "beta")).build());
        f.clock.advance(Duration.ofSeconds(1));
        Binding c = sms("carol", number(2), "beta");

        assertThat(list(List.of(), List.of())).containsExactly(a, b, c);
        assertThat(list(List.of(), List.of("all"))).containsExactly(a, b, c);
        assertThat(list(List.of(), List.of("vip"))).containsExactly(a, b);
        assertThat(list(List.of(), List.of("vip", "beta"))).containsExactly(b);
        assertThat(list(List.of(), List.of("sms"))).containsExactly(a, c);
        assertThat(list(List.of(), List.of("sms", "beta"))).containsExactly(c);
        assertThat(list(List.of(), List.of("sms", "apn"))).isEmpty();
        assertThat(list(List.of("alice", "carol"), List.of())).containsExactly(a, c);
        assertThat(list(List.of("alice", "carol"), List.of("beta"))).containsExactly(c);

        Slice<Binding> page = f.bindings.list(account, service, BindingFilter.of(List.of(), List.of(), null, null),
                PageRequest.first(2));
        assertThat(page.items()).containsExactly(a, b);
        assertThat(page.more()).isTrue();
        BindingFilter window = BindingFilter.of(List.of(), List.of(), b.dateCreated(), c.dateCreated());
        assertThat(f.bindings.list(account, service, window, PageRequest.first(10)).items()).containsExactly(b);
    }

    @Test
    void listOfAServiceWithoutMatchesIsEmptyButAnUnknownServiceIsNotFound() {
        BindingFilter any = BindingFilter.of(List.of(), List.of(), null, null);
        BindingFilter none = BindingFilter.of(List.of(), List.of("apn", "gcm"), null, null);
        assertThat(f.bindings.list(account, service, any, PageRequest.first(10))).isEqualTo(new Slice<>(List.of(), false));
        sms("alice", number(1));
        assertThat(f.bindings.list(account, service, none, PageRequest.first(10)).items()).isEmpty();
        for (String unknown : new String[] {Sids.next(Sids.SERVICE), "IS123", null}) {
            assertNotFound(() -> f.bindings.list(account, unknown, any, PageRequest.first(10)));
            assertNotFound(() -> f.bindings.list(account, unknown, none, PageRequest.first(10)));
        }
    }
}
