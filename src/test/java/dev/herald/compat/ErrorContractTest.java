package dev.herald.compat;

import static dev.herald.compat.Contract.apiError;
import static dev.herald.compat.Contract.bindingSids;
import static dev.herald.compat.Contract.credentialSids;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static dev.herald.compat.Contract.randomSid;
import static dev.herald.compat.Contract.serviceSids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Credential;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.domain.Accounts;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestSecrets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error answers as the official Twilio Java SDK surfaces them: 404s, authentication, accounts, parameters. */
@Timeout(60)
class ErrorContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final RawHttp raw = herald.http();

    @Test
    void unknownServiceIsNotFound() {
        String sid = randomSid("IS");
        String path = "/Services/" + sid;

        notFound(() -> Service.fetcher(sid).fetch(client), path);
        notFound(() -> Service.updater(sid).setFriendlyName("x").update(client), path);
        notFound(() -> Service.deleter(sid).delete(client), path);
        notFound(() -> Binding.reader(sid).read(client), path + "/Bindings");
        notFound(() -> Binding.creator(sid, "alice", Binding.BindingType.APN, "apn-x").create(client),
                path + "/Bindings");
    }

    @Test
    void unknownBindingIsNotFound() {
        Service s = Service.creator().create(client);
        String sid = randomSid("BS");
        String path = "/Services/" + s.getSid() + "/Bindings/" + sid;

        ApiException e = notFound(() -> Binding.fetcher(s.getSid(), sid).fetch(client), path);
        assertThat(e.getMessage()).doesNotContain("/v1");
        notFound(() -> Binding.deleter(s.getSid(), sid).delete(client), path);
    }

    @Test
    void bindingUnderAnUnknownServiceIsNotFound() {
        String service = randomSid("IS");
        String sid = randomSid("BS");

        notFound(() -> Binding.fetcher(service, sid).fetch(client), "/Services/" + service + "/Bindings/" + sid);
        notFound(() -> Binding.deleter(service, sid).delete(client), "/Services/" + service + "/Bindings/" + sid);
    }

    @Test
    void unknownCredentialIsNotFound() {
        String sid = randomSid("CR");
        String path = "/Credentials/" + sid;

        notFound(() -> Credential.fetcher(sid).fetch(client), path);
        notFound(() -> Credential.updater(sid).setFriendlyName("x").update(client), path);
        notFound(() -> Credential.deleter(sid).delete(client), path);
    }

    private static void assertAuthenticate(ThrowingCallable call) {
        ApiException e = apiError(call, 20003, 401);
        assertThat(e.getMessage()).isEqualTo("Authenticate");
    }

    @Test
    void wrongAuthTokenIsRejected() {
        Service s = Service.creator().setFriendlyName("guarded").create(client);
        TwilioRestClient wrong = herald.sdk(herald.accountSid(), "wrong");

        assertAuthenticate(() -> Service.fetcher(s.getSid()).fetch(wrong));
        assertAuthenticate(() -> Service.reader().read(wrong));
        assertAuthenticate(() -> Service.creator().setFriendlyName("intruder").create(wrong));
        assertAuthenticate(() -> Service.updater(s.getSid()).setFriendlyName("hijacked").update(wrong));
        assertAuthenticate(() -> Service.deleter(s.getSid()).delete(wrong));
        assertAuthenticate(() -> Credential.reader().read(wrong));
        assertAuthenticate(() -> Credential.creator(Credential.PushService.FCM).setSecret("s").create(wrong));
        assertAuthenticate(() -> Binding.reader(s.getSid()).read(wrong));
        assertAuthenticate(() -> Binding.creator(s.getSid(), "x", Binding.BindingType.APN, "apn-x").create(wrong));

        Service after = Service.fetcher(s.getSid()).fetch(client);
        assertThat(after.getFriendlyName()).isEqualTo("guarded");
        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).isEmpty();
    }

    @Test
    void unknownAccountIsRejected() {
        TwilioRestClient stranger = herald.sdk(randomSid("AC"), herald.authToken());

        assertAuthenticate(() -> Service.reader().read(stranger));
        assertAuthenticate(() -> Service.fetcher(randomSid("IS")).fetch(stranger));
    }

    @Test
    void missingCredentialsAnswer401WithTheTwilioChallenge() {
        RawHttp anonymous = herald.http(null, null);

        RawHttp.Reply reply = anonymous.get("/v1/Services");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Twilio API\"");
        JsonNode json = reply.json();
        assertThat(json.get("code").asInt()).isEqualTo(20003);
        assertThat(json.get("status").asInt()).isEqualTo(401);
        assertThat(json.get("message").asText()).isEqualTo("Authenticate");
    }

    @Test
    void anotherAccountSeesNothingOfTheFirst() {
        Credential credential = Credential.creator(Credential.PushService.FCM).setSecret(TestSecrets.SERVICE_ACCOUNT)
                .create(client);
        Service s = Service.creator().setFriendlyName("first's").setFcmCredentialSid(credential.getSid())
                .create(client);
        Binding b = Binding.creator(s.getSid(), "alice", Binding.BindingType.FCM, "fcm-first").create(client);
        Accounts.NewAccount account = herald.server().createAccount();
        TwilioRestClient second = herald.sdk(account.sid(), account.authToken());

        notFound(() -> Service.fetcher(s.getSid()).fetch(second), "/Services/" + s.getSid());
        notFound(() -> Service.updater(s.getSid()).setFriendlyName("mine").update(second), "/Services/" + s.getSid());
        notFound(() -> Service.deleter(s.getSid()).delete(second), "/Services/" + s.getSid());
        notFound(() -> Binding.fetcher(s.getSid(), b.getSid()).fetch(second),
                "/Services/" + s.getSid() + "/Bindings/" + b.getSid());
        notFound(() -> Binding.deleter(s.getSid(), b.getSid()).delete(second),
                "/Services/" + s.getSid() + "/Bindings/" + b.getSid());
        notFound(() -> Binding.reader(s.getSid()).read(second), "/Services/" + s.getSid() + "/Bindings");
        notFound(() -> Binding.creator(s.getSid(), "mallory", Binding.BindingType.FCM, "fcm-first").create(second),
                "/Services/" + s.getSid() + "/Bindings");
        notFound(() -> Credential.fetcher(credential.getSid()).fetch(second), "/Credentials/" + credential.getSid());
        notFound(() -> Credential.updater(credential.getSid()).setFriendlyName("x").update(second),
                "/Credentials/" + credential.getSid());
        notFound(() -> Credential.deleter(credential.getSid()).delete(second), "/Credentials/" + credential.getSid());
        assertThat(serviceSids(Service.reader().read(second))).isEmpty();
        assertThat(serviceSids(Service.reader().setFriendlyName("first's").read(second))).isEmpty();
        assertThat(credentialSids(Credential.reader().read(second))).isEmpty();
        invalid(() -> Service.creator().setFcmCredentialSid(credential.getSid()).create(second));
        Service own = Service.creator().create(second);
        invalid(() -> Binding.creator(own.getSid(), "m", Binding.BindingType.FCM, "fcm-m")
                .setCredentialSid(credential.getSid()).create(second));

        assertThat(Service.fetcher(s.getSid()).fetch(client).getFriendlyName()).isEqualTo("first's");
        assertThat(Binding.fetcher(s.getSid(), b.getSid()).fetch(client).getIdentity()).isEqualTo("alice");
        assertThat(Credential.fetcher(credential.getSid()).fetch(client).getSid()).isEqualTo(credential.getSid());
        assertThat(serviceSids(Service.reader().read(client))).doesNotContain(own.getSid());
    }

    @Test
    void sameAddressInAnotherAccountsServiceIsIndependent() {
        Service first = Service.creator().create(client);
        Binding mine = Binding.creator(first.getSid(), "alice", Binding.BindingType.SMS, "+15555550177")
                .create(client);
        Accounts.NewAccount account = herald.server().createAccount();
        TwilioRestClient second = herald.sdk(account.sid(), account.authToken());
        Service theirs = Service.creator().create(second);

        Binding.creator(theirs.getSid(), "bob", Binding.BindingType.SMS, "+15555550177").create(second);

        assertThat(Binding.fetcher(first.getSid(), mine.getSid()).fetch(client).getIdentity()).isEqualTo("alice");
    }

    private static void assertRawInvalid(RawHttp.Reply reply, String parameter) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode json = reply.json();
        assertThat(json.get("code").asInt()).isEqualTo(20001);
        assertThat(json.get("status").asInt()).isEqualTo(400);
        assertThat(json.get("message").asText()).contains(parameter);
        assertThat(json.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20001");
    }

    @Test
    void credentialWithoutTypeIsRejected() {
        // The SDK's Credential.creator always sends Type; raw HTTP leaves it out.
        int before = credentialSids(Credential.reader().read(client)).size();
        assertRawInvalid(raw.post("/v1/Credentials", RawHttp.form("FriendlyName", "typeless", "ApiKey", "k")), "Type");
        assertRawInvalid(raw.post("/v1/Credentials", RawHttp.form("Type", "")), "Type");
        assertThat(credentialSids(Credential.reader().read(client))).hasSize(before);
    }

    @ParameterizedTest
    @CsvSource({
        "Identity, BindingType=apn&Address=apn-token",
        "BindingType, Identity=alice&Address=apn-token",
        "Address, Identity=alice&BindingType=apn",
        "BindingType, Identity=alice&BindingType=carrier-pigeon&Address=apn-token"})
    void bindingWithoutARequiredParameterIsRejected(String parameter, String form) {
        Service s = Service.creator().create(client);

        assertRawInvalid(raw.post("/v1/Services/" + s.getSid() + "/Bindings", form), parameter);

        assertThat(bindingSids(Binding.reader(s.getSid()).read(client))).isEmpty();
    }
}
