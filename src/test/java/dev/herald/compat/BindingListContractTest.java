package dev.herald.compat;

import static dev.herald.compat.Contract.bindingSids;
import static dev.herald.compat.Contract.create;
import static dev.herald.compat.Contract.fields;
import static dev.herald.compat.Contract.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.service.Binding;
import com.twilio.rest.notify.v1.service.BindingReader;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Binding list filters through the official Twilio Java SDK: Identity, Tag (explicit and implicit), dates. */
@Timeout(60)
class BindingListContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final Fixtures fixture = herald.fixture();

    private List<String> list(String s, UnaryOperator<BindingReader> filter) {
        return bindingSids(filter.apply(Binding.reader(s)).read(client));
    }

    @Test
    void unfilteredListHasEveryBindingWithEveryField() {
        String s = fixture.service("listing");
        Binding a = create(client, s, "alice", Binding.BindingType.APN, "apn-a", "x");
        Binding b = create(client, s, "bob", Binding.BindingType.SMS, "+15555550101");

        List<Binding> listed = Contract.all(Binding.reader(s).read(client));

        assertThat(bindingSids(listed)).containsExactlyInAnyOrder(a.getSid(), b.getSid());
        for (Binding l : listed) {
            assertThat(fields(l)).isEqualTo(fields(l.getSid().equals(a.getSid()) ? a : b));
        }
    }

    @Test
    void emptyServiceListsNothing() {
        assertThat(list(fixture.service("listing"), r -> r)).isEmpty();
    }

    @Test
    void identityFilterMatchesAnyOfTheGivenIdentities() {
        String s = fixture.service("listing");
        Binding alice1 = create(client, s, "alice", Binding.BindingType.APN, "apn-alice-1");
        Binding alice2 = create(client, s, "alice", Binding.BindingType.FCM, "fcm-alice-2");
        Binding bob = create(client, s, "bob", Binding.BindingType.GCM, "gcm-bob");
        Binding carol = create(client, s, "carol", Binding.BindingType.SMS, "+15555550102");

        assertThat(list(s, r -> r.setIdentity(List.of("alice", "carol"))))
                .containsExactlyInAnyOrder(alice1.getSid(), alice2.getSid(), carol.getSid());
        assertThat(list(s, r -> r.setIdentity("bob"))).containsExactly(bob.getSid());
        assertThat(list(s, r -> r.setIdentity(List.of("bob", "nobody")))).containsExactly(bob.getSid());
        assertThat(list(s, r -> r.setIdentity("nobody"))).isEmpty();
    }

    @Test
    void tagFilterRequiresAllTheGivenTags() {
        String s = fixture.service("listing");
        Binding ab = create(client, s, "u1", Binding.BindingType.APN, "apn-ab", "a", "b");
        Binding a = create(client, s, "u2", Binding.BindingType.APN, "apn-a", "a");
        Binding b = create(client, s, "u3", Binding.BindingType.APN, "apn-b", "b");
        Binding abc = create(client, s, "u4", Binding.BindingType.APN, "apn-abc", "c", "b", "a");
        create(client, s, "u5", Binding.BindingType.APN, "apn-none");

        assertThat(list(s, r -> r.setTag(List.of("a", "b")))).containsExactlyInAnyOrder(ab.getSid(), abc.getSid());
        assertThat(list(s, r -> r.setTag(List.of("b", "a")))).containsExactlyInAnyOrder(ab.getSid(), abc.getSid());
        assertThat(list(s, r -> r.setTag("a"))).containsExactlyInAnyOrder(ab.getSid(), a.getSid(), abc.getSid());
        assertThat(list(s, r -> r.setTag("b"))).containsExactlyInAnyOrder(ab.getSid(), b.getSid(), abc.getSid());
        assertThat(list(s, r -> r.setTag(List.of("a", "b", "c")))).containsExactly(abc.getSid());
        assertThat(list(s, r -> r.setTag(List.of("a", "missing")))).isEmpty();
    }

    @Test
    void implicitTagsMatchByBindingType() {
        String s = fixture.service("listing");
        Binding apn = create(client, s, "u", Binding.BindingType.APN, "apn-implicit", "vip");
        Binding fcm = create(client, s, "u", Binding.BindingType.FCM, "fcm-implicit");
        Binding gcm = create(client, s, "u", Binding.BindingType.GCM, "gcm-implicit", "vip");
        Binding sms = create(client, s, "u", Binding.BindingType.SMS, "+15555550103");
        Binding fb = create(client, s, "u", Binding.BindingType.FACEBOOK_MESSENGER, "fb-implicit", "vip");
        Binding alexa = create(client, s, "u", Binding.BindingType.ALEXA, "alexa-implicit");

        assertThat(list(s, r -> r.setTag("all"))).containsExactlyInAnyOrder(apn.getSid(), fcm.getSid(),
                gcm.getSid(), sms.getSid(), fb.getSid(), alexa.getSid());
        assertThat(list(s, r -> r.setTag("apn"))).containsExactly(apn.getSid());
        assertThat(list(s, r -> r.setTag("fcm"))).containsExactly(fcm.getSid());
        assertThat(list(s, r -> r.setTag("gcm"))).containsExactly(gcm.getSid());
        assertThat(list(s, r -> r.setTag("sms"))).containsExactly(sms.getSid());
        assertThat(list(s, r -> r.setTag("facebook-messenger"))).containsExactly(fb.getSid());
        assertThat(list(s, r -> r.setTag(List.of("all", "vip"))))
                .containsExactlyInAnyOrder(apn.getSid(), gcm.getSid(), fb.getSid());
        assertThat(list(s, r -> r.setTag(List.of("vip", "gcm")))).containsExactly(gcm.getSid());
        assertThat(list(s, r -> r.setTag(List.of("apn", "fcm")))).isEmpty();
    }

    @Test
    void implicitTagsAreNotListedInTags() {
        String s = fixture.service("listing");

        Binding b = create(client, s, "u", Binding.BindingType.APN, "apn-no-implicit", "vip");

        assertThat(b.getTags()).containsExactly("vip");
        assertThat(Contract.all(Binding.reader(s).setTag("apn").read(client)).get(0).getTags())
                .containsExactly("vip");
    }

    @Test
    void tagAndIdentityFiltersCombine() {
        String s = fixture.service("listing");
        Binding aliceVip = create(client, s, "alice", Binding.BindingType.APN, "apn-alice-vip", "vip");
        create(client, s, "alice", Binding.BindingType.APN, "apn-alice-plain");
        Binding bobVip = create(client, s, "bob", Binding.BindingType.SMS, "+15555550104", "vip");
        create(client, s, "carol", Binding.BindingType.APN, "apn-carol-vip", "vip");

        assertThat(list(s, r -> r.setTag("vip").setIdentity(List.of("alice", "bob"))))
                .containsExactlyInAnyOrder(aliceVip.getSid(), bobVip.getSid());
        assertThat(list(s, r -> r.setTag(List.of("vip", "apn")).setIdentity(List.of("alice", "bob"))))
                .containsExactly(aliceVip.getSid());
        assertThat(list(s, r -> r.setTag("sms").setIdentity("alice"))).isEmpty();
    }

    @Test
    void atMostFiveFilterTags() {
        String s = fixture.service("listing");
        Binding b = create(client, s, "u", Binding.BindingType.APN, "apn-five", "t1", "t2", "t3", "t4", "t5");

        assertThat(list(s, r -> r.setTag(List.of("t1", "t2", "t3", "t4", "t5")))).containsExactly(b.getSid());
        var e = invalid(() -> Binding.reader(s).setTag(List.of("t1", "t2", "t3", "t4", "t5", "all"))
                .read(client));
        assertThat(e.getMessage()).contains("Tag");
    }

    @Test
    void dateFiltersAreInclusiveUtcDaysOnDateCreated() {
        String s = fixture.service("listing");
        Binding b = create(client, s, "dated", Binding.BindingType.APN, "apn-dated");
        // The server compares with the Binding's own UTC creation day; reading it from the Binding avoids midnight races.
        LocalDate today = b.getDateCreated().withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        LocalDate yesterday = today.minusDays(1);
        LocalDate tomorrow = today.plusDays(1);
        List<String> found = List.of(b.getSid());

        assertThat(list(s, r -> r.setStartDate(today))).isEqualTo(found);
        assertThat(list(s, r -> r.setStartDate(yesterday))).isEqualTo(found);
        assertThat(list(s, r -> r.setStartDate(tomorrow))).isEmpty();
        assertThat(list(s, r -> r.setEndDate(today))).isEqualTo(found);
        assertThat(list(s, r -> r.setEndDate(tomorrow))).isEqualTo(found);
        assertThat(list(s, r -> r.setEndDate(yesterday))).isEmpty();
        assertThat(list(s, r -> r.setStartDate(today).setEndDate(today))).isEqualTo(found);
        assertThat(list(s, r -> r.setStartDate(yesterday).setEndDate(tomorrow))).isEqualTo(found);
        assertThat(list(s, r -> r.setStartDate(yesterday).setEndDate(yesterday))).isEmpty();
        assertThat(list(s, r -> r.setStartDate(tomorrow).setEndDate(tomorrow))).isEmpty();
        assertThat(list(s, r -> r.setStartDate(tomorrow).setEndDate(yesterday))).isEmpty();
    }

    @Test
    void dateFiltersCombineWithTagAndIdentity() {
        String s = fixture.service("listing");
        Binding b = create(client, s, "dated", Binding.BindingType.FCM, "fcm-dated", "vip");
        create(client, s, "other", Binding.BindingType.FCM, "fcm-other", "vip");
        LocalDate today = b.getDateCreated().withZoneSameInstant(ZoneOffset.UTC).toLocalDate();

        assertThat(list(s, r -> r.setStartDate(today).setEndDate(today).setTag("vip").setIdentity("dated")))
                .containsExactly(b.getSid());
        assertThat(list(s, r -> r.setStartDate(today.plusDays(1)).setTag("vip").setIdentity("dated"))).isEmpty();
    }

    @Test
    void listOfAnUnknownServiceIsNotFound() {
        String sid = Contract.randomSid("IS");

        Contract.notFound(() -> Binding.reader(sid).read(client), "/Services/" + sid + "/Bindings");
    }
}
