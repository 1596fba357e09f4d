package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the SQL of a Binding list to the domain's rules: for seeded random Bindings and random filters,
 * {@link Bindings#list} through the real SQLite store returns exactly the Bindings for which
 * {@link BindingFilter#matches} holds, in (date_created, sid) order; read whole, and for some filters forward and
 * backward in small pages.
 */
@Timeout(60)
class BindingFilterStoreTest {
    private static final List<String> IDENTITIES = List.of("alice", "bob", "carol", "dave", "erin", "frank",
            "grace", "heidi", "ivan", "judy");
    /** Tags Bindings carry: ordinary ones, and type names, "all" and "alexa" as explicit tags. */
    private static final List<String> BINDING_TAGS = List.of("vip", "beta", "gold", "news", "x", "alexa", "apn",
            "sms", "all", "APN");
    /** Tags filters ask for: those, every other type name, and one no Binding has. */
    private static final List<String> FILTER_TAGS = Stream.concat(BINDING_TAGS.stream(),
            Stream.of("gcm", "fcm", "facebook-messenger", "vip", "beta", "nobody-has-this")).toList();
    private static final Comparator<Binding> ORDER = Comparator.comparingLong(Binding::dateCreated)
            .thenComparing(Binding::sid);

    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20240301L, 7L})
    void listReturnsExactlyTheBindingsTheFilterMatches(long seed) {
        Random r = new Random(seed);
        String account = f.newAccount();
        String service = f.newService(account).sid();
        Map<String, Binding> live = populate(r, account, service, 130);
        // Look-alikes that must never show up: the same tags in another Service of the account and in another
        // account.
        populate(new Random(seed + 1), account, f.newService(account).sid(), 15);
        String other = f.newAccount();
        populate(new Random(seed + 2), other, f.newService(other).sid(), 15);

        int nonEmpty = 0;
        for (int i = 0; i < 250; i++) {
            BindingFilter filter = randomFilter(r);
            List<Binding> expected = live.values().stream().filter(filter::matches).sorted(ORDER).toList();
            String what = "seed " + seed + ", filter " + i + ": " + filter;
            assertThat(readForward(account, service, filter, 500)).as(what).isEqualTo(expected);
            if (i % 5 == 0) { // and in small pages, either way
                int size = 1 + r.nextInt(8);
                assertThat(readForward(account, service, filter, size)).as(what + " in pages of " + size)
                        .isEqualTo(expected);
                assertThat(readBackward(account, service, filter, size)).as(what + " backward in pages of " + size)
                        .isEqualTo(expected);
            }
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        // The filters must not be so narrow that "empty" is nearly always the answer.
        assertThat(nonEmpty).as("filters that selected something").isGreaterThan(80);
    }

    /**
     * Creates {@code count} random Bindings through the use case, some of them taking over the address of an
     * earlier one, then deletes a few; returns the Bindings that remain, by address.
     */
    private static Map<String, Binding> populate(Random r, String account, String service, int count) {
        Map<String, Binding> live = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            f.clock.set(UseCaseFixture.START.plusSeconds(r.nextInt(12))); // many equal dates: ties go by SID
            BindingType type = BindingType.values()[r.nextInt(BindingType.values().length)];
            String address = !live.isEmpty() && r.nextInt(6) == 0
                    ? new ArrayList<>(live.keySet()).get(r.nextInt(live.size()))
                    : "+1555" + String.format("%07d", r.nextInt(10_000_000));
            String identity = identityWithRoom(r, live, address);
            List<String> tags = new ArrayList<>();
            for (int t = r.nextInt(5); t > 0; t--) {
                tags.add(BINDING_TAGS.get(r.nextInt(BINDING_TAGS.size())));
            }
            Binding created = f.bindings.create(account, service, NewBinding.builder().identity(identity)
                    .bindingType(type.wire()).address(address).tags(tags).build());
            live.put(address, created);
        }
        for (int i = 0; i < count / 10; i++) {
            Binding gone = live.remove(new ArrayList<>(live.keySet()).get(r.nextInt(live.size())));
            f.bindings.delete(account, service, gone.sid());
        }
        return live;
    }

    /** An identity that may take {@code address}: fewer than 20 Bindings, or the address's current holder. */
    private static String identityWithRoom(Random r, Map<String, Binding> live, String address) {
        while (true) {
            String identity = IDENTITIES.get(r.nextInt(IDENTITIES.size()));
            Binding holder = live.get(address);
            long held = live.values().stream().filter(b -> b.identity().equals(identity)).count();
            if (held < Bindings.MAX_PER_IDENTITY || holder != null && holder.identity().equals(identity)) {
                return identity;
            }
        }
    }

    private static BindingFilter randomFilter(Random r) {
        List<String> identities = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                identities.add(r.nextInt(8) == 0 ? "nobody" : IDENTITIES.get(r.nextInt(IDENTITIES.size())));
            }
        }
        List<String> tags = new ArrayList<>();
        for (int n = r.nextInt(4); n > 0; n--) {
            tags.add(FILTER_TAGS.get(r.nextInt(FILTER_TAGS.size())));
        }
        Long from = r.nextInt(3) == 0 ? UseCaseFixture.at(r.nextInt(13) - 1) : null;
        Long before = r.nextInt(3) == 0 ? UseCaseFixture.at(r.nextInt(13)) : null;
        return BindingFilter.of(identities, tags, from, before);
    }

    private static List<Binding> readForward(String account, String service, BindingFilter filter, int size) {
        List<Binding> all = new ArrayList<>();
        Position after = null;
        for (int pages = 0; pages < 1000; pages++) {
            Slice<Binding> slice = f.bindings.list(account, service, filter, new PageRequest(size, after, null));
            all.addAll(slice.items());
            if (!slice.more()) {
                return all;
            }
            assertThat(slice.items()).as("a page with more after it is full").hasSize(size);
            Binding last = slice.items().get(size - 1);
            after = new Position(last.dateCreated(), last.sid());
        }
        throw new AssertionError("paging did not end");
    }

    private static List<Binding> readBackward(String account, String service, BindingFilter filter, int size) {
        List<Binding> all = new ArrayList<>();
        Position before = new Position(Long.MAX_VALUE, "");
        for (int pages = 0; pages < 1000; pages++) {
            Slice<Binding> slice = f.bindings.list(account, service, filter, new PageRequest(size, null, before));
            all.addAll(0, slice.items());
            if (!slice.more()) {
                return all;
            }
            assertThat(slice.items()).as("a page with more before it is full").hasSize(size);
            Binding first = slice.items().get(0);
            before = new Position(first.dateCreated(), first.sid());
        }
        throw new AssertionError("paging did not end");
    }
}
