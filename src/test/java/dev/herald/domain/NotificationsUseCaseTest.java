package dev.herald.domain;

import static dev.herald.domain.UseCaseFixture.assertInvalid;
import static dev.herald.domain.UseCaseFixture.assertNotFound;
import static dev.herald.domain.UseCaseFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Notifications}: every rule of a create, the target combinations, the defaults and the echo, and the
 * reads; Services in the real store, Notifications in {@link MemoryNotifications}.
 */
@Timeout(60)
class NotificationsUseCaseTest {
    @RegisterExtension
    static final UseCaseFixture f = new UseCaseFixture();
    MemoryNotifications store;
    Notifications notifications;
    String account;
    String service;

    @BeforeEach
    void fresh() {
        store = new MemoryNotifications(f.db.services());
        notifications = new Notifications(f.db.services(), store, f.clock);
        account = f.newAccount();
        service = f.newService(account).sid();
    }

    private static NewNotification.Builder to(String... identities) {
        return NewNotification.builder().identities(List.of(identities)).body("hello");
    }

    private Notification send(NewNotification.Builder b) {
        return notifications.send(account, service, b.build());
    }

    /** Asserts that {@code b} is refused naming {@code parameter}, stores nothing, and repeats no value. */
    private InvalidParameterException refused(String parameter, NewNotification.Builder b, String... secrets) {
        InvalidParameterException e = assertInvalid(parameter, () -> send(b));
        for (String secret : secrets) {
            assertThat(e.getMessage()).as("the message repeats no value").doesNotContain(secret);
        }
        assertThat(store.inserted).isEmpty();
        return e;
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> direct(String type, String address) {
        return object("binding_type", type, "address", address);
    }

    private static List<String> strings(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    // ---------------------------------------------------------------------------------------- targets

    @Test
    void identityOnlyIsStoredAndEchoedWithTheDefaults() {
        f.clock.advance(Duration.ofSeconds(42));
        Notification n = send(to("jing").title("test"));
        assertThat(Sids.isCanonical(Sids.NOTIFICATION, n.sid())).as(n.sid()).isTrue();
        assertThat(n).isEqualTo(new Notification(n.sid(), account, service, at(42), List.of("jing"), List.of(),
                List.of(), Priority.HIGH, Notification.MAX_TTL, "test", "hello", null, null, null, null, null, null,
                null, null, null, List.of(), null));
        assertThat(n.ttl()).isEqualTo(2_419_200);
        assertThat(n.direct()).isFalse();
        assertThat(store.inserted).containsExactly(n);
    }

    @Test
    void tagOnly() {
        Notification n = send(NewNotification.builder().tags(List.of("vip", "all")).body("b"));
        assertThat(n.tags()).containsExactly("vip", "all");
        assertThat(n.identities()).isEmpty();
        assertThat(n.direct()).isFalse();
    }

    @Test
    void identityAndTagTogether() {
        Notification n = send(to("alice", "bob").tags(List.of("apn")));
        assertThat(n.identities()).containsExactly("alice", "bob");
        assertThat(n.tags()).containsExactly("apn");
    }

    @Test
    void segmentOnlyIsAcceptedAndEchoed() {
        Notification n = send(NewNotification.builder().segments(List.of("old-segment")).body("b"));
        assertThat(n.segments()).containsExactly("old-segment");
        assertThat(n.identities()).isEmpty();
        assertThat(n.tags()).isEmpty();
        assertThat(n.direct()).isFalse();
    }

    @Test
    void segmentWithIdentityIsAQuery() {
        Notification n = send(to("alice").segments(List.of("s")));
        assertThat(n.segments()).containsExactly("s");
    }

    @Test
    void toBindingIsDirect() {
        Notification n = send(NewNotification.builder().body("b").toBindings(List.of(
                direct("sms", "+15555550100"), direct("APN", "device-token"),
                object("binding_type", "fcm", "address", "fcm-token", "extra", List.of(1)))));
        assertThat(n.direct()).isTrue();
        assertThat(n.identities()).isEmpty();
        assertThat(n.tags()).isEmpty();
        assertThat(n.segments()).isEmpty();
        assertThat(n.toBindings()).containsExactly(new DirectTarget(BindingType.SMS, "+15555550100"),
                new DirectTarget(BindingType.APN, "device-token"), new DirectTarget(BindingType.FCM, "fcm-token"));
    }

    @Test
    void everyBindingTypeIsADirectTarget() {
        for (BindingType type : BindingType.values()) {
            String address = type == BindingType.SMS ? "+447700900123" : "addr-" + type.wire();
            Notification n = notifications.send(account, service, NewNotification.builder()
                    .toBindings(List.of(direct(type.wire(), address))).body("hello").build());
            assertThat(n.toBindings()).containsExactly(new DirectTarget(type, address));
        }
    }

    @Test
    void aNotificationForSmsOnlyNeedsABodyOrMedia() {
        Object sms = direct("sms", "+447700900123");
        refused("Body", NewNotification.builder().toBindings(List.of(sms)));
        refused("Body", NewNotification.builder().tags(List.of("sms")).sms(object("body", "")));
        refused("Body", NewNotification.builder().tags(List.of("vip", "sms")).sms(object("media_urls", List.of())));
        send(NewNotification.builder().toBindings(List.of(sms)).sms(object("body", "from the override")));
        send(NewNotification.builder().tags(List.of("sms")).sms(object("media_urls",
                List.of("https://example.com/a.png"))));
        // may reach other types: its sms deliveries are rejected instead
        send(NewNotification.builder().toBindings(List.of(sms, direct("apn", "a-token"))).title("t"));
        send(to("alice").title("t"));
    }

    @Test
    void identitiesTagsAndSegmentsAreEchoedAsGivenWithDuplicates() {
        Notification n = send(to("b", "a", "b").tags(List.of("x", "x")).segments(List.of("s", "s")));
        assertThat(n.identities()).containsExactly("b", "a", "b");
        assertThat(n.tags()).containsExactly("x", "x");
        assertThat(n.segments()).containsExactly("s", "s");
    }

    @Test
    void twentyIdentitiesAreAcceptedAndTwentyOneRefused() {
        assertThat(send(NewNotification.builder().identities(strings("id", 20))).identities()).hasSize(20);
        store.inserted.clear();
        refused("Identity", NewNotification.builder().identities(strings("id", 21)));
    }

    @Test
    void fiveTagsAreAcceptedAndSixRefused() {
        assertThat(send(NewNotification.builder().tags(strings("t", 5))).tags()).hasSize(5);
        store.inserted.clear();
        refused("Tag", NewNotification.builder().tags(strings("t", 6)));
        refused("Tag", NewNotification.builder().tags(List.of("a", "a", "a", "a", "a", "a")));
    }

    @Test
    void toBindingWithAQueryIsRefused() {
        List<Object> direct = List.of(direct("sms", "+15555550100"));
        for (NewNotification.Builder b : List.of(to("alice"), NewNotification.builder().tags(List.of("all")),
                NewNotification.builder().segments(List.of("s")))) {
            InvalidParameterException e = refused("ToBinding", b.toBindings(direct), "+15555550100");
            assertThat(e.detail()).contains("Direct notifications and query notifications can not be requested together");
        }
    }

    @Test
    void aNotificationNeedsATarget() {
        InvalidParameterException e = refused("Identity", NewNotification.builder().body("to nobody"));
        assertThat(e.detail()).contains("Identity").contains("Tag").contains("ToBinding");
    }

    @Test
    void emptyTargetsAreRefused() {
        refused("Identity", NewNotification.builder().identities(List.of("alice", "")));
        refused("Tag", to("alice").tags(List.of("")));
        refused("Segment", to("alice").segments(List.of("")));
    }

    // ---------------------------------------------------------------------------------------- ToBinding

    @Test
    void toBindingElementsMustBeObjects() {
        for (Object bad : List.of("sms", List.of(), 7, true, NewNotification.JSON_NULL, new BigDecimal("1.5"))) {
            refused("ToBinding", NewNotification.builder().toBindings(List.of(bad)));
        }
    }

    @Test
    void toBindingNeedsAKnownBindingType() {
        for (Object type : new Object[] {null, "", "email", "apns", "all", 1, List.of("sms"), "x".repeat(100)}) {
            Map<String, Object> element = object("address", "device-token");
            if (type != null) {
                element.put("binding_type", type);
            }
            refused("ToBinding", NewNotification.builder().toBindings(List.of(element)), "device-token");
        }
    }

    @Test
    void toBindingNeedsANonEmptyStringAddress() {
        for (Object address : new Object[] {null, "", 15555550100L, List.of("a"), object()}) {
            Map<String, Object> element = object("binding_type", "apn");
            if (address != null) {
                element.put("address", address);
            }
            refused("ToBinding", NewNotification.builder().toBindings(List.of(element)));
        }
        refused("ToBinding", NewNotification.builder().toBindings(List.of(direct("apn", "a".repeat(1025)))));
        assertThat(send(NewNotification.builder().toBindings(List.of(direct("apn", "a".repeat(1024)))))
                .toBindings()).hasSize(1);
    }

    @Test
    void smsToBindingNeedsE164() {
        for (String bad : List.of("5555550199", "+0123", "+", "+1 555 555 0199", "+1234567890123456", "15555550199")) {
            refused("ToBinding", NewNotification.builder().toBindings(List.of(direct("sms", bad))),
                    bad.length() > 1 ? bad : "never");
        }
        refused("ToBinding", NewNotification.builder().toBindings(List.of(direct("sms", "+15555550100"),
                direct("sms", "555-0100"))), "555-0100");
    }

    @Test
    void oneBadElementRefusesTheWhole() {
        refused("ToBinding", NewNotification.builder().toBindings(List.of(direct("apn", "ok"), "bad")));
    }

    // ---------------------------------------------------------------------------------------- JSON parameters

    private static final Map<String, Function<Object, NewNotification.Builder>> JSON_PARAMETERS = Map.of(
            "Data", v -> to("a").data(v),
            "Apn", v -> to("a").apn(v),
            "Fcm", v -> to("a").fcm(v),
            "Gcm", v -> to("a").gcm(v),
            "Sms", v -> to("a").sms(v),
            "FacebookMessenger", v -> to("a").facebookMessenger(v),
            "Alexa", v -> to("a").alexa(v));

    @Test
    void jsonParametersMustBeObjects() {
        for (var p : JSON_PARAMETERS.entrySet()) {
            for (Object bad : List.of(List.of(object("a", 1)), "text", 42, new BigDecimal("1.25"), false,
                    NewNotification.JSON_NULL)) {
                refused(p.getKey(), p.getValue().apply(bad));
            }
        }
    }

    @Test
    void jsonParametersAreEchoedAsObjects() {
        Map<String, Object> data = object("z", "last", "a", new BigDecimal("1.50"), "nested", object("k", null),
                "list", List.of(1, "two"));
        Map<String, Object> apn = object("aps", object("alert", object("title", "t"), "twi_inside", 1));
        Map<String, Object> fcm = object("notification", object("title", "t"), "data", object("k", "v"));
        Map<String, Object> gcm = object("condition", "x", "priority", "high");
        Map<String, Object> sms = object("body", "b", "media_urls", List.of("https://example.com/a.png"),
                "status_callback", "https://example.com/status", "max_price", "0.05");
        Map<String, Object> fb = object("text", "x");
        Map<String, Object> alexa = object();
        Notification n = send(to("a").data(data).apn(apn).fcm(fcm).gcm(gcm).sms(sms).facebookMessenger(fb)
                .alexa(alexa));
        assertThat(n.data()).isEqualTo(data);
        assertThat(n.data().keySet()).containsExactly("z", "a", "nested", "list");
        assertThat(n.apn()).isEqualTo(apn);
        assertThat(n.fcm()).isEqualTo(fcm);
        assertThat(n.gcm()).isEqualTo(gcm);
        assertThat(n.sms()).isEqualTo(sms);
        assertThat(n.facebookMessenger()).isEqualTo(fb);
        assertThat(n.alexa()).isEmpty();
    }

    @Test
    void reservedKeysAreRefusedAtTheTopLevel() {
        for (String parameter : List.of("Data", "Apn", "Fcm", "Gcm")) {
            refused(parameter, JSON_PARAMETERS.get(parameter).apply(object("ok", 1, "twi_body", "x")), "twi_body");
            refused(parameter, JSON_PARAMETERS.get(parameter).apply(object("twi_", 1)));
        }
        // only the top level (and Fcm/Gcm's data) is Notify's: deeper keys and other parameters are free
        assertThat(send(to("a").data(object("nested", object("twi_x", 1)))).data()).isNotNull();
        assertThat(send(to("a").facebookMessenger(object("twi_x", 1)).alexa(object("twi_y", 2))).alexa()).isNotNull();
        assertThat(send(to("a").data(object("TWI_upper", 1, "xtwi_", 2))).data()).isNotNull();
    }

    @Test
    void reservedKeysAreRefusedInsideFcmAndGcmData() {
        refused("Fcm", to("a").fcm(object("data", object("twi_title", "x"))));
        refused("Gcm", to("a").gcm(object("data", object("a", "b", "twi_sound", "x"))));
        refused("Fcm", to("a").fcm(object("data", "not an object")));
        refused("Gcm", to("a").gcm(object("data", List.of())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"to", "registration_ids", "condition", "notification_key"})
    void fcmRefusesAddressingKeys(String key) {
        refused("Fcm", to("a").fcm(object(key, "x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"to", "registration_ids", "notification_key"})
    void gcmRefusesAddressingKeys(String key) {
        refused("Gcm", to("a").gcm(object(key, "x")));
    }

    @Test
    void smsTakesOnlyItsKeys() {
        refused("Sms", to("a").sms(object("body", "b", "from", "+15555550100")), "+15555550100");
        refused("Sms", to("a").sms(object("to", "+15555550100")));
        refused("Sms", to("a").sms(object("media_urls", "https://example.com/a.png")));
        refused("Sms", to("a").sms(object("media_urls", List.of("https://example.com/a.png", 3))));
        refused("Sms", to("a").sms(object("media_urls", object())));
        refused("Sms", to("a").sms(object("media_urls", strings("https://example.com/", 11))));
        refused("Sms", to("a").sms(object("body", 3)));
        refused("Sms", to("a").sms(object("status_callback", "not a url")));
        refused("Sms", to("a").sms(object("status_callback", 5)));
        refused("Sms", to("a").sms(object("max_price", List.of())));
        assertThat(send(to("a").sms(object("media_urls", List.of()))).sms()).isNotNull();
        assertThat(send(to("a").sms(object("max_price", new BigDecimal("0.5")))).sms()).isNotNull();
        assertThat(send(to("a").sms(object("media_urls", strings("https://example.com/", 10)))).sms()).isNotNull();
    }

    // ---------------------------------------------------------------------------------------- Ttl, Priority

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "2419201", "1.5", " 5", "5 ", "+5", "\u0665", "1e3", "99999999999999999999",
            "0x10"})
    void ttlMustBeDigitsWithinFourWeeks(String ttl) {
        refused("Ttl", to("a").ttl(ttl));
    }

    @Test
    void ttlBoundsAndDefault() {
        assertThat(send(to("a").ttl("0")).ttl()).isZero();
        assertThat(send(to("a").ttl("2419200")).ttl()).isEqualTo(2_419_200);
        assertThat(send(to("a").ttl("007")).ttl()).isEqualTo(7);
        assertThat(send(to("a").ttl("0000000000000060")).ttl()).isEqualTo(60);
        assertThat(send(to("a").ttl("")).ttl()).isEqualTo(Notification.MAX_TTL);
        assertThat(send(to("a")).ttl()).isEqualTo(Notification.MAX_TTL);
    }

    @Test
    void priorityIsHighOrLow() {
        assertThat(send(to("a")).priority()).isEqualTo(Priority.HIGH);
        assertThat(send(to("a").priority("")).priority()).isEqualTo(Priority.HIGH);
        assertThat(send(to("a").priority("low")).priority()).isEqualTo(Priority.LOW);
        assertThat(send(to("a").priority("High")).priority()).isEqualTo(Priority.HIGH);
        store.inserted.clear();
        for (String bad : List.of("medium", "10", "5", "normal", " high")) {
            refused("Priority", to("a").priority(bad));
        }
    }

    // ---------------------------------------------------------------------------------------- strings, callback

    @Test
    void stringsHaveLimits() {
        refused("Identity", to("i".repeat(257)));
        refused("Tag", to("a").tags(List.of("t".repeat(129))));
        refused("Segment", to("a").segments(List.of("s".repeat(257))));
        refused("Title", to("a").title("t".repeat(1025)));
        refused("Body", to("a").body("b".repeat(4097)));
        refused("Sound", to("a").sound("s".repeat(1025)));
        refused("Action", to("a").action("a".repeat(1025)));
        Notification n = send(to("i".repeat(256)).tags(List.of("t".repeat(128))).title("t".repeat(1024))
                .body("b".repeat(4096)).sound("s".repeat(1024)).action("a".repeat(1024)));
        assertThat(n.body()).hasSize(4096);
    }

    @Test
    void textsAreEchoedAndEmptyMeansNotGiven() {
        Notification n = send(to("a").title("T").body("B").sound("default").action("CATEGORY"));
        assertThat(List.of(n.title(), n.body(), n.sound(), n.action())).containsExactly("T", "B", "default", "CATEGORY");
        Notification empty = send(to("a").title("").body("").sound("").action("").deliveryCallbackUrl(""));
        assertThat(empty.title()).isNull();
        assertThat(empty.body()).isNull();
        assertThat(empty.sound()).isNull();
        assertThat(empty.action()).isNull();
        assertThat(empty.deliveryCallbackUrl()).isNull();
    }

    @Test
    void deliveryCallbackUrlMustBeAnAbsoluteHttpUrl() {
        for (String bad : List.of("hello", "ftp://example.com/x", "/relative", "https://", "http:example")) {
            refused("DeliveryCallbackUrl", to("a").deliveryCallbackUrl(bad));
        }
        refused("DeliveryCallbackUrl", to("a").deliveryCallbackUrl("https://example.com/" + "x".repeat(2048)));
        assertThat(send(to("a").deliveryCallbackUrl("https://example.com/cb?x=1")).deliveryCallbackUrl())
                .isEqualTo("https://example.com/cb?x=1");
    }

    // ---------------------------------------------------------------------------------------- the Service

    @Test
    void unknownMalformedOrOthersServiceIsNotFound() {
        assertNotFound(() -> notifications.send(account, "IS" + "0".repeat(32), to("a").build()));
        assertNotFound(() -> notifications.send(account, "nope", to("a").build()));
        assertNotFound(() -> notifications.send(account, "IS" + "g".repeat(32), to("a").build()));
        String other = f.newService(f.newAccount()).sid();
        assertNotFound(() -> notifications.send(account, other, to("a").build()));
        assertThat(store.inserted).isEmpty();
    }

    @Test
    void malformedServiceSidComesBeforeParameters() {
        assertNotFound(() -> notifications.send(account, "nope", NewNotification.builder().build()));
    }

    // ---------------------------------------------------------------------------------------- reads

    @Test
    void fetchFindsTheAccountsNotification() {
        Notification n = send(to("a"));
        SentNotification sent = notifications.fetch(account, service, n.sid());
        assertThat(sent.notification()).isEqualTo(n);
        assertNotFound(() -> notifications.fetch(account, service, "NT" + "0".repeat(32)));
        assertNotFound(() -> notifications.fetch(account, service, "BS" + n.sid().substring(2)));
        assertNotFound(() -> notifications.fetch(account, "bad", n.sid()));
        assertNotFound(() -> notifications.fetch(f.newAccount(), service, n.sid()));
    }

    @Test
    void listIsNewestFirstAndPaged() {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sids.add(0, send(to("a")).sid());
            f.clock.advance(Duration.ofSeconds(1));
        }
        Slice<SentNotification> first = notifications.list(account, service, PageRequest.first(2));
        assertThat(first.items()).extracting(s -> s.notification().sid()).containsExactlyElementsOf(sids.subList(0, 2));
        assertThat(first.more()).isTrue();
        Notification last = first.items().get(1).notification();
        Slice<SentNotification> second = notifications.list(account, service,
                new PageRequest(2, new Position(last.dateCreated(), last.sid()), null));
        assertThat(second.items()).extracting(s -> s.notification().sid()).containsExactlyElementsOf(sids.subList(2, 4));
    }

    @Test
    void listOfAnEmptyServiceIsEmptyAndOfAnUnknownOneNotFound() {
        assertThat(notifications.list(account, service, PageRequest.first(50)).items()).isEmpty();
        assertNotFound(() -> notifications.list(account, "IS" + "0".repeat(32), PageRequest.first(50)));
        assertNotFound(() -> notifications.list(account, "bad", PageRequest.first(50)));
        String other = f.newService(f.newAccount()).sid();
        assertNotFound(() -> notifications.list(account, other, PageRequest.first(50)));
    }

    @Test
    void deliveriesFilterByStatus() {
        Notification n = send(NewNotification.builder().toBindings(List.of(direct("apn", "tok"))));
        store.addDelivery(new Delivery(1, n.sid(), null, BindingType.APN, null, "tok", DeliveryStatus.DELIVERED, 1,
                null, null, "apns-id", "{\"aps\":{}}", at(0), at(1)));
        store.addDelivery(new Delivery(2, n.sid(), null, BindingType.APN, null, "tok2", DeliveryStatus.QUEUED, 0,
                null, null, null, null, at(0), at(0)));
        assertThat(notifications.deliveries(account, service, n.sid(), null, PageRequest.first(50)).items())
                .extracting(Delivery::id).containsExactly(1L, 2L);
        assertThat(store.lastStatus).isNull();
        assertThat(notifications.deliveries(account, service, n.sid(), "", PageRequest.first(50)).items()).hasSize(2);
        assertThat(notifications.deliveries(account, service, n.sid(), "delivered", PageRequest.first(50)).items())
                .extracting(Delivery::id).containsExactly(1L);
        assertThat(store.lastStatus).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(notifications.deliveries(account, service, n.sid(), "QUEUED", PageRequest.first(50)).items())
                .extracting(Delivery::id).containsExactly(2L);
        for (String status : List.of("sent", "failed", "all", "queued ")) {
            assertInvalid("Status", () -> notifications.deliveries(account, service, n.sid(), status,
                    PageRequest.first(50)));
        }
    }

    @Test
    void deliveriesOfAnUnknownNotificationAreNotFound() {
        Notification n = send(to("a"));
        assertNotFound(() -> notifications.deliveries(account, service, "NT" + "0".repeat(32), null,
                PageRequest.first(50)));
        assertNotFound(() -> notifications.deliveries(account, service, "bad", null, PageRequest.first(50)));
        assertNotFound(() -> notifications.deliveries(f.newAccount(), service, n.sid(), null, PageRequest.first(50)));
        // the Status filter is checked first, as list filters are
        assertInvalid("Status", () -> notifications.deliveries(account, "bad", "bad", "nope", PageRequest.first(50)));
    }

    @Test
    void toStringsHoldNoPersonalData() {
        NewNotification p = NewNotification.builder().identities(List.of("secret-identity"))
                .toBindings(List.of(direct("sms", "+15555550199"))).body("secret body").build();
        assertThat(p.toString()).doesNotContain("secret").doesNotContain("+15555550199");
        Notification n = send(NewNotification.builder().toBindings(List.of(direct("sms", "+15555550199")))
                .body("secret body"));
        assertThat(n.toString()).doesNotContain("secret").doesNotContain("+15555550199");
    }
}
