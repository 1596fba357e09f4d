package dev.herald.api;

import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.assertNotFound;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Another account's resources are indistinguishable from missing ones. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossAccountTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static RawHttp stranger;
    private static String service;
    private static String binding;
    private static String credential;
    private final RawHttp owner = herald.http();

    @BeforeAll
    static void createStrangerAndOwnersData() {
        var other = herald.server().createAccount();
        stranger = herald.http(other.sid(), other.authToken());
        Fixtures fixture = herald.fixture();
        credential = fixture.credentialWith("Type", "fcm", "FriendlyName", "mine");
        service = fixture.serviceWith("FriendlyName", "mine", "FcmCredentialSid", credential);
        binding = fixture.binding(service, "alice", "fcm", "private-device", "secret-tag");
    }

    /** The stranger's answer equals the answer for a resource that does not exist at all (modulo the SID). */
    private static void assertLikeMissing(Reply foreign, Reply missing, String foreignPath, String missingPath) {
        assertNotFound(foreign, foreignPath);
        assertNotFound(missing, missingPath);
        assertThat(foreign.body().replace(foreignPath, "@")).isEqualTo(missing.body().replace(missingPath, "@"));
        assertThat(foreign.header("Content-Type")).isEqualTo(missing.header("Content-Type"));
    }

    @Test
    void servicesOfAnotherAccountAreNotFound() {
        String p = "/Services/" + service;
        String m = "/Services/" + Api.UNKNOWN_SERVICE;
        assertLikeMissing(stranger.get("/v1" + p), stranger.get("/v1" + m), p, m);
        assertLikeMissing(stranger.post("/v1" + p, RawHttp.form("FriendlyName", "pwned")),
                stranger.post("/v1" + m, RawHttp.form("FriendlyName", "pwned")), p, m);
        assertLikeMissing(stranger.delete("/v1" + p), stranger.delete("/v1" + m), p, m);
        JsonNode still = ok(owner.get("/v1" + p));
        assertThat(still.get("friendly_name").asText()).isEqualTo("mine");
        assertThat(Api.sids(ok(stranger.get("/v1/Services?PageSize=1000")), "services")).doesNotContain(service);
        assertThat(Api.sids(ok(stranger.get("/v1/Services?FriendlyName=mine")), "services")).isEmpty();
    }

    @Test
    void bindingsOfAnotherAccountAreNotFound() {
        String p = "/Services/" + service + "/Bindings/" + binding;
        String m = "/Services/" + Api.UNKNOWN_SERVICE + "/Bindings/" + Api.UNKNOWN_BINDING;
        assertLikeMissing(stranger.get("/v1" + p), stranger.get("/v1" + m), p, m);
        assertLikeMissing(stranger.delete("/v1" + p), stranger.delete("/v1" + m), p, m);
        String list = "/Services/" + service + "/Bindings";
        String missingList = "/Services/" + Api.UNKNOWN_SERVICE + "/Bindings";
        assertLikeMissing(stranger.get("/v1" + list), stranger.get("/v1" + missingList), list, missingList);
        assertLikeMissing(stranger.get("/v1" + list + "?Tag=secret-tag"),
                stranger.get("/v1" + missingList + "?Tag=secret-tag"), list, missingList);
        String form = RawHttp.form("Identity", "mallory", "BindingType", "fcm", "Address", "private-device");
        assertLikeMissing(stranger.post("/v1" + list, form), stranger.post("/v1" + missingList, form), list,
                missingList);
        JsonNode still = ok(owner.get(bindingsPath(service) + "/" + binding));
        assertThat(still.get("identity").asText()).isEqualTo("alice");
        assertThat(Api.listAll(owner, bindingsPath(service), "bindings")).containsExactly(binding);
    }

    @Test
    void aStrangersServiceCannotReachTheOwnersBinding() {
        String theirService = new Fixtures(stranger).service();
        String p = "/Services/" + theirService + "/Bindings/" + binding;
        assertNotFound(stranger.get("/v1" + p), p);
        assertNotFound(stranger.delete("/v1" + p), p);
        // the same address in the stranger's own Service does not touch the owner's Binding
        new Fixtures(stranger).binding(theirService, "mallory", "fcm", "private-device");
        ok(owner.get(bindingsPath(service) + "/" + binding));
    }

    @Test
    void credentialsOfAnotherAccountAreNotFound() {
        String p = "/Credentials/" + credential;
        String m = "/Credentials/" + Api.UNKNOWN_CREDENTIAL;
        assertLikeMissing(stranger.get("/v1" + p), stranger.get("/v1" + m), p, m);
        assertLikeMissing(stranger.post("/v1" + p, RawHttp.form("FriendlyName", "pwned")),
                stranger.post("/v1" + m, RawHttp.form("FriendlyName", "pwned")), p, m);
        assertLikeMissing(stranger.delete("/v1" + p), stranger.delete("/v1" + m), p, m);
        assertThat(ok(owner.get("/v1" + p)).get("friendly_name").asText()).isEqualTo("mine");
        assertThat(Api.sids(ok(stranger.get("/v1/Credentials?PageSize=1000")), "credentials"))
                .doesNotContain(credential);
    }

    @Test
    void anotherAccountsCredentialCannotBeAttached() {
        String theirService = new Fixtures(stranger).service();
        assertInvalid(stranger.post("/v1/Services", RawHttp.form("FcmCredentialSid", credential)),
                "FcmCredentialSid");
        assertInvalid(stranger.post("/v1/Services/" + theirService, RawHttp.form("FcmCredentialSid", credential)),
                "FcmCredentialSid");
        assertInvalid(stranger.post(bindingsPath(theirService), RawHttp.form("Identity", "m", "BindingType", "fcm",
                "Address", "cred-steal", "CredentialSid", credential)), "CredentialSid");
    }

    @Test
    void aStrangersPageTokenRevealsNothing() {
        for (int i = 0; i < 3; i++) {
            herald.fixture().service("paged");
        }
        JsonNode first = ok(owner.get("/v1/Services?PageSize=1"));
        String next = first.get("meta").get("next_page_url").asText();
        JsonNode theirs = ok(stranger.get(next));
        for (JsonNode s : theirs.get("services")) {
            assertThat(s.get("account_sid").asText()).isNotEqualTo(herald.accountSid());
        }
    }
}
