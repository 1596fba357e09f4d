package dev.herald.compat;

import static dev.herald.compat.Contract.BASE;
import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.bindingSids;
import static dev.herald.compat.Contract.create;
import static dev.herald.compat.Contract.fields;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bindings through the official Twilio Java SDK: create per type, fetch, delete, replacement and limits. */
@Timeout(60)
class BindingContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final Fixtures fixture = herald.fixture();

    static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of(Binding.BindingType.APN, "apn", "a7c658f4111ec4ff5a1a647f9d0edd819025b9f2", "3"),
                Arguments.of(Binding.BindingType.GCM, "gcm", "gcm-registration-token-1", "3"),
                Arguments.of(Binding.BindingType.FCM, "fcm", "fcm-registration-token:APA91b-1", "3"),
                Arguments.of(Binding.BindingType.SMS, "sms", "+15555550100", null),
                Arguments.of(Binding.BindingType.FACEBOOK_MESSENGER, "facebook-messenger", "1234567890123456", null),
                Arguments.of(Binding.BindingType.ALEXA, "alexa", "amzn1.ask.account.user-1", "3"));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void createEachTypeReturnsEveryField(Binding.BindingType type, String wire, String address, String version) {
        String s = fixture.service("bindings");

        Binding b = Binding.creator(s, "user-42", type, address)
                .setTag(List.of("zeta", "alpha", "mid"))
                .setEndpoint("endpoint-26607274")
                .create(client);

        assertThat(b.getSid()).matches("BS" + SID_HEX);
        assertThat(b.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(b.getServiceSid()).isEqualTo(s);
        assertThat(b.getCredentialSid()).isNull();
        assertThat(b.getIdentity()).isEqualTo("user-42");
        assertThat(b.getBindingType()).isEqualTo(wire);
        assertThat(b.getAddress()).isEqualTo(address);
        assertThat(b.getTags()).containsExactly("zeta", "alpha", "mid");
        assertThat(b.getNotificationProtocolVersion()).isEqualTo(version);
        assertThat(b.getEndpoint()).isEqualTo("endpoint-26607274");
        assertThat(b.getDateCreated()).isNotNull();
        assertThat(b.getDateUpdated()).isEqualTo(b.getDateCreated());
        assertThat(b.getUrl()).isEqualTo(URI.create(BASE + "/Services/" + s + "/Bindings/" + b.getSid()));
        assertThat(b.getLinks()).containsOnly(entry("user", BASE + "/Services/" + s + "/Users/user-42"));

        assertThat(fields(Binding.fetcher(s, b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void withoutOptionalParametersTagsAreEmptyAndEndpointNull() {
        String s = fixture.service("bindings");

        Binding b = create(client, s, "plain", Binding.BindingType.FCM, "fcm-plain-token");

        assertThat(b.getTags()).isEmpty();
        assertThat(b.getEndpoint()).isNull();
        assertThat(b.getCredentialSid()).isNull();
        assertThat(b.getNotificationProtocolVersion()).isEqualTo("3");
    }

    @Test
    void protocolVersionDefaultsToTheServiceDefaultOfTheChannel() {
        String s = Service.creator().setDefaultApnNotificationProtocolVersion("4")
                .setDefaultGcmNotificationProtocolVersion("5").setDefaultFcmNotificationProtocolVersion("6")
                .setDefaultAlexaNotificationProtocolVersion("7").create(client).getSid();

        assertThat(create(client, s, "v", Binding.BindingType.APN, "apn-v").getNotificationProtocolVersion())
                .isEqualTo("4");
        assertThat(create(client, s, "v", Binding.BindingType.GCM, "gcm-v").getNotificationProtocolVersion())
                .isEqualTo("5");
        assertThat(create(client, s, "v", Binding.BindingType.FCM, "fcm-v").getNotificationProtocolVersion())
                .isEqualTo("6");
        assertThat(create(client, s, "v", Binding.BindingType.ALEXA, "alexa-v").getNotificationProtocolVersion())
                .isEqualTo("7");
        assertThat(create(client, s, "v", Binding.BindingType.SMS, "+15555550111").getNotificationProtocolVersion())
                .isNull();
        assertThat(create(client, s, "v", Binding.BindingType.FACEBOOK_MESSENGER, "fb-v")
                .getNotificationProtocolVersion()).isNull();
    }

    @Test
    void protocolVersionIsCopiedAtCreationTime() {
        String s = Service.creator().setDefaultApnNotificationProtocolVersion("4").create(client).getSid();
        Binding b = create(client, s, "copy", Binding.BindingType.APN, "apn-copy");

        Service.updater(s).setDefaultApnNotificationProtocolVersion("5").update(client);

        assertThat(Binding.fetcher(s, b.getSid()).fetch(client).getNotificationProtocolVersion())
                .isEqualTo("4");
        assertThat(create(client, s, "copy", Binding.BindingType.APN, "apn-copy-2").getNotificationProtocolVersion())
                .isEqualTo("5");
    }

    @Test
    void explicitProtocolVersionOverridesTheServiceDefault() {
        Service s = Service.creator().setDefaultFcmNotificationProtocolVersion("6").create(client);

        Binding b = Binding.creator(s.getSid(), "explicit", Binding.BindingType.FCM, "fcm-explicit")
                .setNotificationProtocolVersion("2").create(client);

        assertThat(b.getNotificationProtocolVersion()).isEqualTo("2");
    }

    @Test
    void credentialSidOfTheRightTypeIsKept() {
        String s = fixture.service("bindings");
        String apn = fixture.credential("apn");
        String fcm = fixture.credential("fcm");
        String gcm = fixture.credential("gcm");

        Binding a = Binding.creator(s, "cred", Binding.BindingType.APN, "apn-cred")
                .setCredentialSid(apn).create(client);
        Binding f = Binding.creator(s, "cred", Binding.BindingType.FCM, "fcm-cred")
                .setCredentialSid(fcm).create(client);
        Binding g = Binding.creator(s, "cred", Binding.BindingType.GCM, "gcm-cred")
                .setCredentialSid(gcm).create(client);

        assertThat(a.getCredentialSid()).isEqualTo(apn);
        assertThat(f.getCredentialSid()).isEqualTo(fcm);
        assertThat(g.getCredentialSid()).isEqualTo(gcm);
        assertThat(Binding.fetcher(s, a.getSid()).fetch(client).getCredentialSid()).isEqualTo(apn);
    }

    @Test
    void credentialSidOfTheWrongTypeIsRejected() {
        String s = fixture.service("bindings");
        String apn = fixture.credential("apn");
        String fcm = fixture.credential("fcm");
        String gcm = fixture.credential("gcm");

        var e = invalid(() -> Binding.creator(s, "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(fcm).create(client));
        assertThat(e.getMessage()).contains("CredentialSid");
        invalid(() -> Binding.creator(s, "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(gcm).create(client));
        invalid(() -> Binding.creator(s, "wrong", Binding.BindingType.FCM, "fcm-wrong")
                .setCredentialSid(apn).create(client));
        invalid(() -> Binding.creator(s, "wrong", Binding.BindingType.GCM, "gcm-wrong")
                .setCredentialSid(apn).create(client));
        invalid(() -> Binding.creator(s, "wrong", Binding.BindingType.APN, "apn-wrong")
                .setCredentialSid(Contract.randomSid("CR")).create(client));

        assertThat(bindingSids(Binding.reader(s).read(client))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5555550100", "+1 555 555 0100", "phone", "+", "+0155555501", "+1555555010012345"})
    void smsAddressMustBeE164(String address) {
        String s = fixture.service("bindings");

        var e = invalid(() -> create(client, s, "sms", Binding.BindingType.SMS, address));

        assertThat(e.getMessage()).contains("Address");
        assertThat(bindingSids(Binding.reader(s).read(client))).isEmpty();
    }

    @Test
    void fetchReturnsTheStoredBinding() {
        String s = fixture.service("bindings");
        Binding b = Binding.creator(s, "fetch", Binding.BindingType.GCM, "gcm-fetch")
                .setTag(List.of("x", "y")).create(client);

        assertThat(fields(Binding.fetcher(s, b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void bindingIsOnlyVisibleUnderItsOwnService() {
        String s = fixture.service("bindings");
        String other = fixture.service("bindings");
        Binding b = create(client, s, "owner", Binding.BindingType.APN, "apn-owner");

        notFound(() -> Binding.fetcher(other, b.getSid()).fetch(client),
                "/Services/" + other + "/Bindings/" + b.getSid());
        notFound(() -> Binding.deleter(other, b.getSid()).delete(client),
                "/Services/" + other + "/Bindings/" + b.getSid());
        assertThat(Binding.fetcher(s, b.getSid()).fetch(client).getSid()).isEqualTo(b.getSid());
    }

    @Test
    void deleteThenFetchIsNotFound() {
        String s = fixture.service("bindings");
        Binding b = create(client, s, "gone", Binding.BindingType.SMS, "+15555550199");
        Binding kept = create(client, s, "gone", Binding.BindingType.SMS, "+15555550198");

        assertThat(Binding.deleter(s, b.getSid()).delete(client)).isTrue();

        String path = "/Services/" + s + "/Bindings/" + b.getSid();
        notFound(() -> Binding.fetcher(s, b.getSid()).fetch(client), path);
        notFound(() -> Binding.deleter(s, b.getSid()).delete(client), path);
        assertThat(bindingSids(Binding.reader(s).read(client))).containsExactly(kept.getSid());
    }

    @Test
    void thereIsNoBindingUpdate() {
        String s = fixture.service("bindings");
        Binding b = Binding.creator(s, "fixed", Binding.BindingType.APN, "apn-fixed")
                .setTag("before").create(client);

        RawHttp.Reply reply = herald.http().post("/v1/Services/" + s + "/Bindings/" + b.getSid(),
                RawHttp.form("Identity", "changed", "Tag", "after"));

        assertThat(reply.status()).as(reply.body()).isIn(404, 405);
        assertThat(reply.json().get("code").asInt()).isIn(20404, 20004);
        assertThat(fields(Binding.fetcher(s, b.getSid()).fetch(client))).isEqualTo(fields(b));
    }

    @Test
    void sameAddressReplacesTheOldBinding() {
        String s = fixture.service("bindings");
        Binding old = Binding.creator(s, "alice", Binding.BindingType.APN, "shared-device-token")
                .setTag("old").create(client);
        Binding other = create(client, s, "alice", Binding.BindingType.APN, "another-device-token");

        Binding replacement = Binding.creator(s, "bob", Binding.BindingType.APN, "shared-device-token")
                .setTag("new").create(client);

        assertThat(replacement.getSid()).isNotEqualTo(old.getSid()).matches("BS" + SID_HEX);
        assertThat(replacement.getIdentity()).isEqualTo("bob");
        assertThat(replacement.getTags()).containsExactly("new");
        notFound(() -> Binding.fetcher(s, old.getSid()).fetch(client),
                "/Services/" + s + "/Bindings/" + old.getSid());
        assertThat(fields(Binding.fetcher(s, replacement.getSid()).fetch(client)))
                .isEqualTo(fields(replacement));
        assertThat(bindingSids(Binding.reader(s).read(client)))
                .containsExactlyInAnyOrder(other.getSid(), replacement.getSid());
    }

    @Test
    void sameAddressForTheSameIdentityAlsoReplaces() {
        String s = fixture.service("bindings");
        Binding old = create(client, s, "carol", Binding.BindingType.FCM, "carol-token");

        Binding again = create(client, s, "carol", Binding.BindingType.FCM, "carol-token");

        assertThat(again.getSid()).isNotEqualTo(old.getSid());
        notFound(() -> Binding.fetcher(s, old.getSid()).fetch(client),
                "/Services/" + s + "/Bindings/" + old.getSid());
        assertThat(bindingSids(Binding.reader(s).read(client))).containsExactly(again.getSid());
    }

    @Test
    void sameAddressWithAnotherBindingTypeAlsoReplaces() {
        String s = fixture.service("bindings");
        Binding old = create(client, s, "olga", Binding.BindingType.GCM, "registration-token-shared");

        Binding replacement = create(client, s, "olga", Binding.BindingType.FCM, "registration-token-shared");

        assertThat(replacement.getBindingType()).isEqualTo("fcm");
        notFound(() -> Binding.fetcher(s, old.getSid()).fetch(client),
                "/Services/" + s + "/Bindings/" + old.getSid());
        assertThat(bindingSids(Binding.reader(s).read(client))).containsExactly(replacement.getSid());
    }

    @Test
    void addressTakenOverByAnotherIdentityFreesTheSlot() {
        String s = fixture.service("bindings");
        List<Binding> twenty = fill(s, "pat", 20);

        Binding takenOver = create(client, s, "quinn", Binding.BindingType.FCM, twenty.get(3).getAddress());
        Binding newOne = create(client, s, "pat", Binding.BindingType.FCM, "pat-token-20");

        assertThat(takenOver.getIdentity()).isEqualTo("quinn");
        assertThat(sidsOf(s, "pat")).hasSize(20).contains(newOne.getSid()).doesNotContain(twenty.get(3).getSid());
        assertThat(sidsOf(s, "quinn")).containsExactly(takenOver.getSid());
        invalid(() -> create(client, s, "pat", Binding.BindingType.FCM, "pat-token-21"));
    }

    @Test
    void sameAddressInAnotherServiceDoesNotReplace() {
        String one = fixture.service("bindings");
        String two = fixture.service("bindings");
        Binding first = create(client, one, "dave", Binding.BindingType.SMS, "+15555550142");

        Binding second = create(client, two, "dave", Binding.BindingType.SMS, "+15555550142");

        assertThat(Binding.fetcher(one, first.getSid()).fetch(client).getSid()).isEqualTo(first.getSid());
        assertThat(Binding.fetcher(two, second.getSid()).fetch(client).getSid()).isEqualTo(second.getSid());
    }

    private List<Binding> fill(String s, String identity, int count) {
        List<Binding> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(create(client, s, identity, Binding.BindingType.FCM, identity + "-token-" + i));
        }
        return made;
    }

    private List<String> sidsOf(String s, String identity) {
        return bindingSids(Binding.reader(s).setIdentity(identity).read(client));
    }

    @Test
    void atMostTwentyBindingsPerIdentity() {
        String s = fixture.service("bindings");
        List<String> twenty = bindingSids(fill(s, "erin", 20));

        var e = invalid(() -> create(client, s, "erin", Binding.BindingType.FCM, "erin-token-20"));

        assertThat(e.getMessage()).containsPattern("\\b20\\b");
        assertThat(sidsOf(s, "erin")).hasSize(20).containsExactlyInAnyOrderElementsOf(twenty);
        assertThat(bindingSids(Binding.reader(s).setTag("all").read(client))).hasSize(20);
    }

    @Test
    void limitIsPerIdentityAndPerService() {
        String s = fixture.service("bindings");
        fill(s, "frank", 20);

        Binding otherIdentity = create(client, s, "grace", Binding.BindingType.FCM, "grace-token");
        String otherService = fixture.service("bindings");
        Binding sameIdentityElsewhere = create(client, otherService, "frank", Binding.BindingType.FCM, "frank-token-0");

        assertThat(otherIdentity.getIdentity()).isEqualTo("grace");
        assertThat(sameIdentityElsewhere.getIdentity()).isEqualTo("frank");
        assertThat(sidsOf(s, "frank")).hasSize(20);
    }

    @Test
    void identityWithTwentyBindingsMayReplaceItsOwnAddress() {
        String s = fixture.service("bindings");
        List<Binding> twenty = fill(s, "heidi", 20);
        Binding replaced = twenty.get(7);

        Binding replacement = Binding.creator(s, "heidi", Binding.BindingType.FCM, replaced.getAddress())
                .setTag("renewed").create(client);

        assertThat(replacement.getSid()).isNotEqualTo(replaced.getSid());
        notFound(() -> Binding.fetcher(s, replaced.getSid()).fetch(client),
                "/Services/" + s + "/Bindings/" + replaced.getSid());
        List<String> expected = new ArrayList<>(bindingSids(twenty));
        expected.set(7, replacement.getSid());
        assertThat(sidsOf(s, "heidi")).hasSize(20).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void fullIdentityCannotTakeOverAnotherIdentitysAddress() {
        String s = fixture.service("bindings");
        List<String> twenty = bindingSids(fill(s, "ivan", 20));
        Binding judy = create(client, s, "judy", Binding.BindingType.FCM, "judy-token");

        invalid(() -> create(client, s, "ivan", Binding.BindingType.FCM, "judy-token"));

        assertThat(fields(Binding.fetcher(s, judy.getSid()).fetch(client))).isEqualTo(fields(judy));
        assertThat(sidsOf(s, "ivan")).containsExactlyInAnyOrderElementsOf(twenty);
    }

    @Test
    void freedSlotCanBeReused() {
        String s = fixture.service("bindings");
        List<Binding> twenty = fill(s, "ken", 20);

        Binding.deleter(s, twenty.get(0).getSid()).delete(client);
        Binding twentieth = create(client, s, "ken", Binding.BindingType.FCM, "ken-token-new");

        assertThat(twentieth.getIdentity()).isEqualTo("ken");
        assertThat(sidsOf(s, "ken")).hasSize(20);
    }

    @Test
    void atMostTwentyTagsPerBinding() {
        String s = fixture.service("bindings");
        List<String> twenty = IntStream.rangeClosed(1, 20).mapToObj(i -> "tag-" + (21 - i)).toList();
        List<String> twentyOne = IntStream.rangeClosed(1, 21).mapToObj(i -> "tag-" + i).toList();

        Binding ok = Binding.creator(s, "tags", Binding.BindingType.APN, "apn-tags-20")
                .setTag(twenty).create(client);
        var e = invalid(() -> Binding.creator(s, "tags", Binding.BindingType.APN, "apn-tags-21")
                .setTag(twentyOne).create(client));

        assertThat(ok.getTags()).containsExactlyElementsOf(twenty);
        assertThat(Binding.fetcher(s, ok.getSid()).fetch(client).getTags()).containsExactlyElementsOf(twenty);
        assertThat(e.getMessage()).contains("Tag");
        assertThat(bindingSids(Binding.reader(s).read(client))).containsExactly(ok.getSid());
    }
}
