package dev.herald.compat;

import static dev.herald.compat.Contract.BASE;
import static dev.herald.compat.Contract.DOMAIN;
import static dev.herald.compat.Contract.bindingSids;
import static dev.herald.compat.Contract.credentialSids;
import static dev.herald.compat.Contract.serviceSids;
import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.base.Page;
import com.twilio.base.Reader;
import com.twilio.base.Resource;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Credential;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.domain.Accounts;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paging of the three lists through the official Twilio Java SDK: auto-paging, firstPage/nextPage/previousPage,
 * limit, and filters carried in every page URL. Order is date_created, then sid.
 */
@Timeout(60)
class PagingContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();

    /** A client of a brand-new account, whose Service and Credential lists start empty. */
    private static TwilioRestClient freshAccount() {
        Accounts.NewAccount account = herald.server().createAccount();
        return herald.sdk(account.sid(), account.authToken());
    }

    private static <T> List<String> inListOrder(List<T> items, Function<T, ZonedDateTime> created,
                                                Function<T, String> sid) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(created).thenComparing(sid));
        return sorted.stream().map(sid).toList();
    }

    private static List<String> bindingOrder(List<Binding> bindings) {
        return inListOrder(bindings, Binding::getDateCreated, Binding::getSid);
    }

    /** Seven Bindings over two creation seconds: alice has 4, bob 3; tag "t" on 5 of them, "u" on 3. */
    private final class Seven {
        final Service service = Service.creator().setFriendlyName("paging").create(client);
        final List<Binding> all = new ArrayList<>();

        Seven() {
            add("alice", "a0", "t");
            add("bob", "b0", "t", "u");
            add("alice", "a1");
            Contract.nextSecond();
            add("bob", "b1", "t");
            add("alice", "a2", "u", "t");
            add("alice", "a3", "u");
            add("bob", "b2", "t");
        }

        private void add(String identity, String address, String... tags) {
            all.add(Binding.creator(service.getSid(), identity, Binding.BindingType.FCM, "token-" + address)
                    .setTag(List.of(tags)).create(client));
        }

        List<Binding> where(java.util.function.Predicate<Binding> p) {
            return all.stream().filter(p).toList();
        }

        String listUrl() {
            return BASE + "/Services/" + service.getSid() + "/Bindings?";
        }
    }

    /** Walks firstPage/nextPage, checking each page's meta, and returns the records' sids in order. */
    private static <T extends Resource> List<String> walk(Reader<T> reader, TwilioRestClient via, int size,
                                                          String listUrl, List<Map.Entry<String, String>> mustContain,
                                                          Function<T, String> sid, int expectedPages) {
        List<String> seen = new ArrayList<>();
        Page<T> page = reader.firstPage(via);
        int pages = 1;
        while (true) {
            assertThat(page.getPageSize()).isEqualTo(size);
            assertThat(page.getUrl(DOMAIN)).startsWith(listUrl).contains("PageSize=" + size);
            assertThat(page.getFirstPageUrl(DOMAIN)).startsWith(listUrl).contains("PageSize=" + size);
            assertThat(page.getRecords().size()).isBetween(1, size);
            page.getRecords().forEach(r -> seen.add(sid.apply(r)));
            if (!page.hasNextPage()) {
                break;
            }
            assertThat(page.getRecords()).hasSize(size);
            String next = page.getNextPageUrl(DOMAIN);
            assertThat(next).startsWith(listUrl).contains("PageSize=" + size);
            Map<String, List<String>> nextQuery = Contract.query(next);
            Map<String, List<String>> firstQuery = Contract.query(page.getFirstPageUrl(DOMAIN));
            for (Map.Entry<String, String> filter : mustContain) {
                assertThat(nextQuery.get(filter.getKey())).as("%s in %s", filter, next).contains(filter.getValue());
                assertThat(firstQuery.get(filter.getKey())).as("%s in first page URL", filter)
                        .contains(filter.getValue());
            }
            page = reader.nextPage(page, via);
            pages++;
            assertThat(pages).as("runaway paging").isLessThanOrEqualTo(expectedPages);
        }
        assertThat(pages).isEqualTo(expectedPages);
        return seen;
    }

    @Test
    void autoPagingVisitsEveryBindingOnceInOrder() {
        Seven seven = new Seven();

        List<String> listed = bindingSids(Binding.reader(seven.service.getSid()).pageSize(2).read(client));

        assertThat(listed).doesNotHaveDuplicates().containsExactlyElementsOf(bindingOrder(seven.all));
    }

    @Test
    void firstPageAndNextPageWalkTheBindings() {
        Seven seven = new Seven();
        Reader<Binding> reader = Binding.reader(seven.service.getSid()).pageSize(2);

        List<String> walked = walk(reader, client, 2, seven.listUrl(), List.of(), Binding::getSid, 4);

        assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(bindingOrder(seven.all));
    }

    @Test
    void previousPageReturnsTheEarlierRecords() {
        Seven seven = new Seven();
        Reader<Binding> reader = Binding.reader(seven.service.getSid()).pageSize(2);
        Page<Binding> first = reader.firstPage(client);
        Page<Binding> second = reader.nextPage(first, client);

        Page<Binding> back = reader.previousPage(second, client);

        assertThat(bindingSids(back.getRecords())).containsExactlyElementsOf(bindingSids(first.getRecords()));
        assertThat(bindingSids(second.getRecords())).doesNotContainAnyElementsOf(bindingSids(first.getRecords()));
    }

    @Test
    void tagFilterIsKeptAcrossPages() {
        Seven seven = new Seven();
        List<String> expected = bindingOrder(seven.where(b -> b.getTags().contains("t")));

        List<String> auto = bindingSids(Binding.reader(seven.service.getSid()).setTag("t").pageSize(2).read(client));
        List<String> walked = walk(Binding.reader(seven.service.getSid()).setTag("t").pageSize(2), client, 2,
                seven.listUrl(), List.of(Map.entry("Tag", "t")), Binding::getSid, 3);

        assertThat(expected).hasSize(5);
        assertThat(auto).containsExactlyElementsOf(expected);
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void twoTagFiltersAreKeptAcrossPages() {
        Seven seven = new Seven();
        List<String> expected = bindingOrder(seven.where(b -> b.getTags().containsAll(List.of("t", "u"))));

        List<String> walked = walk(Binding.reader(seven.service.getSid()).setTag(List.of("t", "u")).pageSize(1),
                client, 1, seven.listUrl(), List.of(Map.entry("Tag", "t"), Map.entry("Tag", "u")), Binding::getSid, 2);

        assertThat(expected).hasSize(2);
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void implicitTagFiltersAreKeptAcrossPages() {
        Seven seven = new Seven();
        Binding sms = Binding.creator(seven.service.getSid(), "alice", Binding.BindingType.SMS, "+15555550160")
                .setTag("u").create(client);
        List<Binding> everything = new ArrayList<>(seven.all);
        everything.add(sms);

        List<String> all = walk(Binding.reader(seven.service.getSid()).setTag("all").pageSize(3), client, 3,
                seven.listUrl(), List.of(Map.entry("Tag", "all")), Binding::getSid, 3);
        List<String> fcmU = walk(Binding.reader(seven.service.getSid()).setTag(List.of("fcm", "u")).pageSize(1),
                client, 1, seven.listUrl(), List.of(Map.entry("Tag", "fcm"), Map.entry("Tag", "u")), Binding::getSid,
                3);

        assertThat(all).containsExactlyElementsOf(bindingOrder(everything));
        assertThat(fcmU).containsExactlyElementsOf(bindingOrder(seven.where(b -> b.getTags().contains("u"))));
    }

    @Test
    void identityFilterIsKeptAcrossPages() {
        Seven seven = new Seven();
        List<String> expected = bindingOrder(seven.where(b -> b.getIdentity().equals("alice")));

        List<String> walked = walk(Binding.reader(seven.service.getSid()).setIdentity("alice").pageSize(2), client, 2,
                seven.listUrl(), List.of(Map.entry("Identity", "alice")), Binding::getSid, 2);

        assertThat(expected).hasSize(4);
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void tagAndIdentityFiltersAreKeptAcrossPages() {
        Seven seven = new Seven();
        List<String> expected = bindingOrder(seven.where(b -> b.getTags().contains("t")
                && List.of("alice", "bob").contains(b.getIdentity())));
        List<String> aliceOnly = bindingOrder(seven.where(b -> b.getTags().contains("t")
                && b.getIdentity().equals("alice")));

        List<String> both = walk(Binding.reader(seven.service.getSid()).setTag("t")
                        .setIdentity(List.of("alice", "bob")).pageSize(2), client, 2, seven.listUrl(),
                List.of(Map.entry("Tag", "t"), Map.entry("Identity", "alice"), Map.entry("Identity", "bob")), Binding::getSid, 3);
        List<String> alice = bindingSids(Binding.reader(seven.service.getSid()).setTag("t").setIdentity("alice")
                .pageSize(1).read(client));

        assertThat(both).containsExactlyElementsOf(expected);
        assertThat(aliceOnly).hasSize(2);
        assertThat(alice).containsExactlyElementsOf(aliceOnly);
    }

    @Test
    void dateFilterIsKeptAcrossPages() {
        Seven seven = new Seven();
        LocalDate day = seven.all.get(0).getDateCreated().withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = seven.all.get(6).getDateCreated().withZoneSameInstant(ZoneOffset.UTC).toLocalDate();

        List<String> walked = walk(Binding.reader(seven.service.getSid()).setStartDate(day).setEndDate(lastDay)
                .pageSize(3), client, 3, seven.listUrl(), List.of(Map.entry("StartDate", day.toString()), Map.entry("EndDate", lastDay.toString())),
                Binding::getSid, 3);

        assertThat(walked).containsExactlyElementsOf(bindingOrder(seven.all));
    }

    @Test
    void filtersWithReservedCharactersSurviveThePageUrls() {
        Service s = Service.creator().create(client);
        List<Binding> wanted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wanted.add(Binding.creator(s.getSid(), "jo smith+1&co", Binding.BindingType.APN, "apn-reserved-" + i)
                    .setTag(List.of("vip gold", "a/b=c")).create(client));
        }
        Binding.creator(s.getSid(), "jo smith", Binding.BindingType.APN, "apn-reserved-x")
                .setTag(List.of("vip gold", "a/b=c")).create(client);
        Binding.creator(s.getSid(), "jo smith+1&co", Binding.BindingType.APN, "apn-reserved-y")
                .setTag(List.of("vip")).create(client);

        List<String> listed = bindingSids(Binding.reader(s.getSid()).setIdentity("jo smith+1&co")
                .setTag(List.of("vip gold", "a/b=c")).pageSize(2).read(client));

        List<String> walked = walk(Binding.reader(s.getSid()).setIdentity("jo smith+1&co")
                        .setTag(List.of("vip gold", "a/b=c")).pageSize(2), client, 2,
                BASE + "/Services/" + s.getSid() + "/Bindings?", List.of(Map.entry("Identity", "jo smith+1&co"),
                        Map.entry("Tag", "vip gold"), Map.entry("Tag", "a/b=c")), Binding::getSid, 3);

        assertThat(listed).containsExactlyElementsOf(bindingOrder(wanted));
        assertThat(walked).containsExactlyElementsOf(bindingOrder(wanted));
    }

    @Test
    void limitReturnsExactlyThatMany() {
        Seven seven = new Seven();
        List<String> order = bindingOrder(seven.all);

        List<String> three = bindingSids(Binding.reader(seven.service.getSid()).limit(3).read(client));
        List<String> threeOverPages = bindingSids(Binding.reader(seven.service.getSid()).pageSize(2).limit(3)
                .read(client));
        List<String> tagged = bindingSids(Binding.reader(seven.service.getSid()).setTag("u").limit(2).read(client));

        assertThat(three).containsExactlyElementsOf(order.subList(0, 3));
        assertThat(threeOverPages).containsExactlyElementsOf(order.subList(0, 3));
        assertThat(tagged).containsExactlyElementsOf(
                bindingOrder(seven.where(b -> b.getTags().contains("u"))).subList(0, 2));
    }

    @Test
    void limitAbovePageSizeFollowsPagesUntilTheEnd() {
        Seven seven = new Seven();

        List<String> listed = bindingSids(Binding.reader(seven.service.getSid()).pageSize(3).limit(100)
                .read(client));

        assertThat(listed).containsExactlyElementsOf(bindingOrder(seven.all));
    }

    @Test
    void servicesPageOneByOne() {
        TwilioRestClient own = freshAccount();
        List<Service> created = new ArrayList<>();
        created.add(Service.creator().setFriendlyName("s1").create(own));
        created.add(Service.creator().setFriendlyName("s2").create(own));
        Contract.nextSecond();
        created.add(Service.creator().setFriendlyName("s3").create(own));
        List<String> order = inListOrder(created, Service::getDateCreated, Service::getSid);

        List<String> auto = serviceSids(Service.reader().pageSize(1).read(own));
        List<String> walked = walk(Service.reader().pageSize(1), own, 1, BASE + "/Services?", List.of(),
                Service::getSid, 3);
        List<String> limited = serviceSids(Service.reader().pageSize(1).limit(2).read(own));

        assertThat(auto).containsExactlyElementsOf(order);
        assertThat(walked).containsExactlyElementsOf(order);
        assertThat(limited).containsExactlyElementsOf(order.subList(0, 2));
    }

    @Test
    void serviceFriendlyNameFilterIsKeptAcrossPages() {
        String name = Contract.unique("paged service");
        List<Service> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(Service.creator().setFriendlyName(name).create(client));
            Service.creator().setFriendlyName(name + " other").create(client);
        }
        List<String> order = inListOrder(created, Service::getDateCreated, Service::getSid);

        List<String> auto = serviceSids(Service.reader().setFriendlyName(name).pageSize(1).read(client));
        List<String> walked = walk(Service.reader().setFriendlyName(name).pageSize(1), client, 1,
                BASE + "/Services?", List.of(Map.entry("FriendlyName", name)), Service::getSid, 3);

        assertThat(auto).containsExactlyElementsOf(order);
        assertThat(walked).containsExactlyElementsOf(order);
    }

    @Test
    void credentialsPageOneByOne() {
        TwilioRestClient own = freshAccount();
        List<Credential> created = new ArrayList<>();
        created.add(Credential.creator(Credential.PushService.FCM).setSecret(TestSecrets.SERVICE_ACCOUNT).create(own));
        Contract.nextSecond();
        created.add(Credential.creator(Credential.PushService.GCM).setApiKey("k2").create(own));
        created.add(Credential.creator(Credential.PushService.APN).setCertificate("c").setPrivateKey("k")
                .create(own));
        List<String> order = inListOrder(created, Credential::getDateCreated, Credential::getSid);

        List<String> auto = credentialSids(Credential.reader().pageSize(1).read(own));
        List<String> walked = walk(Credential.reader().pageSize(1), own, 1, BASE + "/Credentials?", List.of(),
                Credential::getSid, 3);
        List<String> limited = credentialSids(Credential.reader().limit(2).read(own));

        assertThat(auto).containsExactlyElementsOf(order);
        assertThat(walked).containsExactlyElementsOf(order);
        assertThat(limited).containsExactlyElementsOf(order.subList(0, 2));
    }

    @Test
    void emptyListsHaveOnePageAndNoNext() {
        TwilioRestClient own = freshAccount();

        Page<Service> services = Service.reader().firstPage(own);
        Page<Credential> credentials = Credential.reader().firstPage(own);

        assertThat(services.getRecords()).isEmpty();
        assertThat(services.hasNextPage()).isFalse();
        assertThat(services.getPageSize()).isEqualTo(50);
        assertThat(credentials.getRecords()).isEmpty();
        assertThat(credentials.hasNextPage()).isFalse();
        assertThat(credentials.getPageSize()).isEqualTo(50);
    }
}
