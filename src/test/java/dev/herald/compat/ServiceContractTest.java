package dev.herald.compat;

import static dev.herald.compat.Contract.BASE;
import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.fields;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static dev.herald.compat.Contract.randomSid;
import static dev.herald.compat.Contract.serviceSids;
import static dev.herald.compat.Contract.unique;
import static dev.herald.compat.Contract.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Notify Services through the official Twilio Java SDK: create, fetch, update, delete, list. */
@Timeout(60)
class ServiceContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final Fixtures fixture = herald.fixture();

    /** A Service created with every parameter the API knows. */
    private Service fullService(String name, String messagingServiceSid) {
        return Service.creator()
                .setFriendlyName(name)
                .setApnCredentialSid(fixture.credential("apn"))
                .setGcmCredentialSid(fixture.credential("gcm"))
                .setFcmCredentialSid(fixture.credential("fcm"))
                .setMessagingServiceSid(messagingServiceSid)
                .setFacebookMessengerPageId("4")
                .setDefaultApnNotificationProtocolVersion("4")
                .setDefaultGcmNotificationProtocolVersion("5")
                .setDefaultFcmNotificationProtocolVersion("6")
                .setLogEnabled(false)
                .setAlexaSkillId("amzn1.ask.skill.0f1e2d3c")
                .setDefaultAlexaNotificationProtocolVersion("7")
                .setDeliveryCallbackUrl("https://callbacks.example.com/notify?x=1&y=two")
                .setDeliveryCallbackEnabled(true)
                .create(client);
    }

    @Test
    void createWithEveryParameterReturnsEveryField() {
        String apn = fixture.credential("apn");
        String gcm = fixture.credential("gcm");
        String fcm = fixture.credential("fcm");
        String mg = randomSid("MG");

        Service s = Service.creator()
                .setFriendlyName("Everything set")
                .setApnCredentialSid(apn)
                .setGcmCredentialSid(gcm)
                .setFcmCredentialSid(fcm)
                .setMessagingServiceSid(mg)
                .setFacebookMessengerPageId("4")
                .setDefaultApnNotificationProtocolVersion("4")
                .setDefaultGcmNotificationProtocolVersion("5")
                .setDefaultFcmNotificationProtocolVersion("6")
                .setLogEnabled(false)
                .setAlexaSkillId("amzn1.ask.skill.0f1e2d3c")
                .setDefaultAlexaNotificationProtocolVersion("7")
                .setDeliveryCallbackUrl("https://callbacks.example.com/notify?x=1&y=two")
                .setDeliveryCallbackEnabled(true)
                .create(client);

        assertThat(s.getSid()).matches("IS" + SID_HEX);
        assertThat(s.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(s.getFriendlyName()).isEqualTo("Everything set");
        assertThat(s.getApnCredentialSid()).isEqualTo(apn);
        assertThat(s.getGcmCredentialSid()).isEqualTo(gcm);
        assertThat(s.getFcmCredentialSid()).isEqualTo(fcm);
        assertThat(s.getMessagingServiceSid()).isEqualTo(mg);
        assertThat(s.getFacebookMessengerPageId()).isEqualTo("4");
        assertThat(s.getDefaultApnNotificationProtocolVersion()).isEqualTo("4");
        assertThat(s.getDefaultGcmNotificationProtocolVersion()).isEqualTo("5");
        assertThat(s.getDefaultFcmNotificationProtocolVersion()).isEqualTo("6");
        assertThat(s.getLogEnabled()).isFalse();
        assertThat(s.getAlexaSkillId()).isEqualTo("amzn1.ask.skill.0f1e2d3c");
        assertThat(s.getDefaultAlexaNotificationProtocolVersion()).isEqualTo("7");
        assertThat(s.getDeliveryCallbackUrl()).isEqualTo("https://callbacks.example.com/notify?x=1&y=two");
        assertThat(s.getDeliveryCallbackEnabled()).isTrue();
        assertThat(s.getDateCreated()).isNotNull();
        assertThat(s.getDateUpdated()).isEqualTo(s.getDateCreated());
        assertThat(s.getUrl()).isEqualTo(URI.create(BASE + "/Services/" + s.getSid()));

        assertThat(fields(Service.fetcher(s.getSid()).fetch(client))).isEqualTo(fields(s));
    }

    @Test
    void createWithoutParametersHasTheDefaults() {
        Service s = Service.creator().create(client);

        assertThat(s.getSid()).matches("IS" + SID_HEX);
        assertThat(s.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(s.getFriendlyName()).isNull();
        assertThat(s.getApnCredentialSid()).isNull();
        assertThat(s.getGcmCredentialSid()).isNull();
        assertThat(s.getFcmCredentialSid()).isNull();
        assertThat(s.getMessagingServiceSid()).isNull();
        assertThat(s.getFacebookMessengerPageId()).isNull();
        assertThat(s.getDefaultApnNotificationProtocolVersion()).isEqualTo("3");
        assertThat(s.getDefaultGcmNotificationProtocolVersion()).isEqualTo("3");
        assertThat(s.getDefaultFcmNotificationProtocolVersion()).isEqualTo("3");
        assertThat(s.getDefaultAlexaNotificationProtocolVersion()).isEqualTo("3");
        assertThat(s.getLogEnabled()).isTrue();
        assertThat(s.getAlexaSkillId()).isNull();
        assertThat(s.getDeliveryCallbackUrl()).isNull();
        assertThat(s.getDeliveryCallbackEnabled()).isFalse();
        assertThat(s.getDateCreated()).isNotNull();
        assertThat(s.getDateUpdated()).isEqualTo(s.getDateCreated());

        assertThat(fields(Service.fetcher(s.getSid()).fetch(client))).isEqualTo(fields(s));
    }

    @Test
    void urlAndLinksPointAtNotify() {
        Service s = Service.creator().setFriendlyName("links").create(client);
        String self = BASE + "/Services/" + s.getSid();

        assertThat(s.getUrl()).isEqualTo(URI.create(self));
        assertThat(s.getLinks()).containsOnly(
                entry("bindings", self + "/Bindings"),
                entry("notifications", self + "/Notifications"),
                entry("segments", self + "/Segments"),
                entry("users", self + "/Users"));
    }

    @Test
    void fetchReturnsTheStoredService() {
        Service created = fullService("fetch me", randomSid("MG"));

        Service fetched = Service.fetcher(created.getSid()).fetch(client);

        assertThat(fields(fetched)).isEqualTo(fields(created));
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        Service created = fullService("before", randomSid("MG"));
        Contract.nextSecond();

        Service updated = Service.updater(created.getSid()).setFriendlyName("after").setLogEnabled(true).update(client);

        assertThat(updated.getFriendlyName()).isEqualTo("after");
        assertThat(updated.getLogEnabled()).isTrue();
        assertThat(updated.getDateCreated()).isEqualTo(created.getDateCreated());
        assertThat(updated.getDateUpdated()).isAfter(created.getDateUpdated());
        assertThat(without(fields(updated), "friendly_name", "log_enabled", "date_updated"))
                .isEqualTo(without(fields(created), "friendly_name", "log_enabled", "date_updated"));
        assertThat(fields(Service.fetcher(created.getSid()).fetch(client))).isEqualTo(fields(updated));
    }

    @Test
    void updateOfEachRemainingFieldKeepsTheOthers() {
        Service created = fullService("keep", randomSid("MG"));
        String apn2 = fixture.credential("apn");
        String mg2 = randomSid("MG");

        Service updated = Service.updater(created.getSid())
                .setApnCredentialSid(apn2)
                .setMessagingServiceSid(mg2)
                .setDefaultFcmNotificationProtocolVersion("8")
                .setDeliveryCallbackUrl("http://other.example.org/cb")
                .setDeliveryCallbackEnabled(false)
                .update(client);

        assertThat(updated.getApnCredentialSid()).isEqualTo(apn2);
        assertThat(updated.getMessagingServiceSid()).isEqualTo(mg2);
        assertThat(updated.getDefaultFcmNotificationProtocolVersion()).isEqualTo("8");
        assertThat(updated.getDeliveryCallbackUrl()).isEqualTo("http://other.example.org/cb");
        assertThat(updated.getDeliveryCallbackEnabled()).isFalse();
        String[] changed = {"apn_credential_sid", "messaging_service_sid", "default_fcm_notification_protocol_version",
            "delivery_callback_url", "delivery_callback_enabled", "date_updated"};
        assertThat(without(fields(updated), changed)).isEqualTo(without(fields(created), changed));
        assertThat(fields(Service.fetcher(created.getSid()).fetch(client))).isEqualTo(fields(updated));
    }

    @Test
    void updateWithNoParametersChangesNothingButDateUpdated() {
        Service created = fullService("unchanged", randomSid("MG"));

        Service updated = Service.updater(created.getSid()).update(client);

        assertThat(without(fields(updated), "date_updated")).isEqualTo(without(fields(created), "date_updated"));
        assertThat(updated.getDateUpdated()).isAfterOrEqualTo(created.getDateUpdated());
    }

    @Test
    void updateWithEmptyStringClearsAnOptionalSid() {
        Service created = fullService("clear", randomSid("MG"));

        Service updated = Service.updater(created.getSid()).setApnCredentialSid("").setMessagingServiceSid("")
                .update(client);

        assertThat(updated.getApnCredentialSid()).isNull();
        assertThat(updated.getMessagingServiceSid()).isNull();
        assertThat(updated.getGcmCredentialSid()).isEqualTo(created.getGcmCredentialSid());
        assertThat(updated.getFcmCredentialSid()).isEqualTo(created.getFcmCredentialSid());
        assertThat(Service.fetcher(created.getSid()).fetch(client).getApnCredentialSid()).isNull();
    }

    @Test
    void deleteThenFetchIsNotFound() {
        Service s = Service.creator().setFriendlyName("doomed").create(client);

        assertThat(Service.deleter(s.getSid()).delete(client)).isTrue();

        notFound(() -> Service.fetcher(s.getSid()).fetch(client), "/Services/" + s.getSid());
        notFound(() -> Service.deleter(s.getSid()).delete(client), "/Services/" + s.getSid());
        notFound(() -> Service.updater(s.getSid()).setFriendlyName("x").update(client), "/Services/" + s.getSid());
        assertThat(serviceSids(Service.reader().read(client))).doesNotContain(s.getSid());
    }

    @Test
    void deletingAServiceDeletesItsBindings() {
        Service s = Service.creator().setFriendlyName("cascade").create(client);
        Binding a = Binding.creator(s.getSid(), "alice", Binding.BindingType.APN, "apn-token-cascade").create(client);
        Binding b = Binding.creator(s.getSid(), "bob", Binding.BindingType.SMS, "+15555550123").create(client);

        Service.deleter(s.getSid()).delete(client);

        notFound(() -> Binding.fetcher(s.getSid(), a.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + a.getSid());
        notFound(() -> Binding.fetcher(s.getSid(), b.getSid()).fetch(client),
                "/Services/" + s.getSid() + "/Bindings/" + b.getSid());
        notFound(() -> Binding.reader(s.getSid()).read(client), "/Services/" + s.getSid() + "/Bindings");
    }

    @Test
    void listFiltersByFriendlyName() {
        String name = unique("wanted");
        Service one = Service.creator().setFriendlyName(name).create(client);
        Service other = Service.creator().setFriendlyName(unique("other")).create(client);
        Service two = Service.creator().setFriendlyName(name).create(client);

        var listed = serviceSids(Service.reader().setFriendlyName(name).read(client));

        assertThat(listed).containsExactlyInAnyOrder(one.getSid(), two.getSid());
        assertThat(serviceSids(Service.reader().read(client))).contains(one.getSid(), other.getSid(), two.getSid());
        assertThat(serviceSids(Service.reader().setFriendlyName(unique("nobody")).read(client))).isEmpty();
    }

    @Test
    void listedServicesCarryEveryField() {
        String name = unique("listed");
        Service created = fullService(name, randomSid("MG"));

        var listed = Contract.all(Service.reader().setFriendlyName(name).read(client));

        assertThat(listed).hasSize(1);
        assertThat(fields(listed.get(0))).isEqualTo(fields(created));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/cb", "/relative/callback", "example.com/cb", "not a url", "mailto:a@b.c"})
    void deliveryCallbackUrlMustBeAbsoluteHttp(String url) {
        invalid(() -> Service.creator().setDeliveryCallbackUrl(url).create(client));

        Service s = Service.creator().setDeliveryCallbackUrl("https://ok.example.com/cb").create(client);
        invalid(() -> Service.updater(s.getSid()).setDeliveryCallbackUrl(url).update(client));
        assertThat(Service.fetcher(s.getSid()).fetch(client).getDeliveryCallbackUrl())
                .isEqualTo("https://ok.example.com/cb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MG123", "PN0123456789abcdef0123456789abcdef", "MG0123456789abcdef0123456789abcdeg"})
    void messagingServiceSidMustBeAnMgSid(String sid) {
        invalid(() -> Service.creator().setMessagingServiceSid(sid).create(client));
    }

    @Test
    void credentialSidsMustNameACredentialOfTheMatchingType() {
        String apn = fixture.credential("apn");
        String fcm = fixture.credential("fcm");
        String gcm = fixture.credential("gcm");

        var e = invalid(() -> Service.creator().setApnCredentialSid(fcm).create(client));
        assertThat(e.getMessage()).contains("ApnCredentialSid");
        invalid(() -> Service.creator().setApnCredentialSid(gcm).create(client));
        invalid(() -> Service.creator().setGcmCredentialSid(apn).create(client));
        invalid(() -> Service.creator().setFcmCredentialSid(apn).create(client));
        invalid(() -> Service.creator().setApnCredentialSid(randomSid("CR")).create(client));

        Service s = Service.creator().setApnCredentialSid(apn).create(client);
        invalid(() -> Service.updater(s.getSid()).setApnCredentialSid(fcm).update(client));
        assertThat(Service.fetcher(s.getSid()).fetch(client).getApnCredentialSid()).isEqualTo(apn);
    }

    @Test
    void rejectedCreateLeavesNoService() {
        String name = unique("rejected");

        invalid(() -> Service.creator().setFriendlyName(name).setDeliveryCallbackUrl("nope").create(client));

        assertThat(serviceSids(Service.reader().setFriendlyName(name).read(client))).isEmpty();
    }
}
