package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.assertNotFound;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.fieldNames;
import static dev.herald.api.Api.noContent;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.domain.Sids;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twilio's key resource ({@code /2010-04-01/Accounts/{AccountSid}/Keys}) over raw HTTP, its exact JSON shapes and
 * errors, and API keys authenticating Notify requests as their account.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeysApiTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static final String RFC_2822 = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000";
    private final RawHttp owner = herald.http();

    private static String keys(String account) {
        return "/2010-04-01/Accounts/" + account + "/Keys";
    }

    private String keysPath() {
        return keys(herald.accountSid());
    }

    /** Creates a key of the test account; returns its create answer. */
    private JsonNode newKey(String name) {
        return created(owner.post(keysPath() + ".json", name == null ? "" : RawHttp.form("FriendlyName", name)));
    }

    private static RawHttp as(JsonNode key) {
        return herald.http(key.get("sid").asText(), key.get("secret").asText());
    }

    @Test
    void createAnswersTheSecretOnceInTwiliosNewKeyShape() {
        JsonNode key = newKey("CI deploys");
        assertThat(fieldNames(key)).containsExactly("sid", "friendly_name", "date_created", "date_updated", "secret");
        assertThat(key.get("sid").asText()).matches("SK[0-9a-f]{32}");
        assertThat(key.get("friendly_name").asText()).isEqualTo("CI deploys");
        assertThat(key.get("date_created").asText()).matches(RFC_2822);
        assertThat(key.get("date_updated").asText()).isEqualTo(key.get("date_created").asText());
        assertThat(key.get("secret").asText()).matches("[A-Za-z0-9]{32}");

        JsonNode fetched = ok(owner.get(keysPath() + "/" + key.get("sid").asText() + ".json"));
        assertThat(fieldNames(fetched)).containsExactly("sid", "friendly_name", "date_created", "date_updated");
        assertThat(fetched.get("sid")).isEqualTo(key.get("sid"));
        assertThat(fetched.get("date_created")).isEqualTo(key.get("date_created"));
        assertThat(newKey(null).get("friendly_name").isNull()).isTrue();
    }

    @Test
    void listHasThe2010ShapeAndPagesByRelativeUris() {
        var other = herald.server().createAccount();
        RawHttp otherHttp = herald.http(other.sid(), other.authToken());
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(created(otherHttp.post(keys(other.sid()) + ".json", "FriendlyName=k" + i)).get("sid").asText());
        }
        JsonNode page = ok(otherHttp.get(keys(other.sid()) + ".json?PageSize=2"));
        assertThat(fieldNames(page)).containsExactly("keys", "first_page_uri", "end", "previous_page_uri",
                "next_page_uri", "page", "page_size", "start", "uri");
        String list = keys(other.sid()) + ".json";
        assertThat(page.get("first_page_uri").asText()).isEqualTo(list + "?PageSize=2&Page=0");
        assertThat(page.get("uri").asText()).isEqualTo(list + "?PageSize=2&Page=0");
        assertThat(page.get("previous_page_uri").isNull()).isTrue();
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("page_size").asInt()).isEqualTo(2);
        assertThat(page.get("start").asInt()).isZero();
        assertThat(page.get("end").asInt()).isEqualTo(1);
        assertThat(fieldNames(page.get("keys").get(0)))
                .containsExactly("sid", "friendly_name", "date_created", "date_updated");
        List<String> seen = new ArrayList<>(Api.sids(page, "keys"));
        String next = page.get("next_page_uri").asText();
        assertThat(next).startsWith(list + "?PageSize=2&Page=1&PageToken=PA");
        JsonNode second = ok(otherHttp.get(next));
        seen.addAll(Api.sids(second, "keys"));
        assertThat(second.get("start").asInt()).isEqualTo(2);
        assertThat(second.get("end").asInt()).isEqualTo(2);
        assertThat(second.get("next_page_uri").isNull()).isTrue();
        assertThat(second.get("previous_page_uri").asText()).startsWith(list + "?PageSize=2&Page=0&PageToken=PB");
        assertThat(seen).as("each once; same-second keys in SID order").containsExactlyInAnyOrderElementsOf(made);
        assertInvalid(otherHttp.get(list + "?PageSize=0"), "PageSize");
    }

    @Test
    void aKeyAuthenticatesNotifyRequestsAsItsAccount() {
        RawHttp withKey = as(newKey("app"));
        JsonNode service = created(withKey.post("/v1/Services", "FriendlyName=via+key"));
        assertThat(service.get("account_sid").asText()).isEqualTo(herald.accountSid());
        String sid = service.get("sid").asText();
        assertThat(ok(owner.get("/v1/Services/" + sid)).get("friendly_name").asText()).isEqualTo("via key");
        created(withKey.post("/v1/Services/" + sid + "/Bindings",
                RawHttp.form("Identity", "alice", "BindingType", "fcm", "Address", "device-1")));
        assertThat(Api.sids(ok(withKey.get("/v1/Services/" + sid + "/Bindings")), "bindings")).hasSize(1);
        assertThat(Api.sids(ok(withKey.get("/v1/Services?PageSize=1000")), "services")).contains(sid);
    }

    @Test
    void aRevokedOrWrongKeyGetsTheSame401AsAWrongToken() {
        JsonNode key = newKey(null);
        RawHttp withKey = as(key);
        assertThat(withKey.get("/v1/Services").status()).isEqualTo(200);
        noContent(owner.delete(keysPath() + "/" + key.get("sid").asText() + ".json"));
        Reply revoked = withKey.get("/v1/Services");
        Reply wrongToken = herald.http(herald.accountSid(), "wrong").get("/v1/Services");
        Reply wrongSecret = herald.http(newKey(null).get("sid").asText(), "wrong").get("/v1/Services");
        Reply unknownKey = herald.http(Sids.next(Sids.API_KEY), key.get("secret").asText()).get("/v1/Services");
        for (Reply reply : List.of(revoked, wrongSecret, unknownKey)) {
            assertError(reply, 401, 20003);
            assertThat(reply.body()).isEqualTo(wrongToken.body());
            assertThat(reply.header("WWW-Authenticate")).isEqualTo(wrongToken.header("WWW-Authenticate"));
        }
        assertNotFound(owner.get(keysPath() + "/" + key.get("sid").asText() + ".json"),
                keysPath() + "/" + key.get("sid").asText() + ".json");
    }

    @Test
    void aKeyOfOneAccountCannotSeeAnothersResources() {
        String service = created(owner.post("/v1/Services", "FriendlyName=mine")).get("sid").asText();
        var stranger = herald.server().createAccount();
        JsonNode strangerKey = created(herald.http(stranger.sid(), stranger.authToken())
                .post(keys(stranger.sid()) + ".json", ""));
        RawHttp withKey = as(strangerKey);
        assertNotFound(withKey.get("/v1/Services/" + service), "/Services/" + service);
        assertThat(Api.sids(ok(withKey.get("/v1/Services?PageSize=1000")), "services")).doesNotContain(service);
    }

    @Test
    void onlyTheAuthTokenManagesKeys() {
        RawHttp withKey = as(newKey(null));
        for (Reply reply : List.of(withKey.get(keysPath() + ".json"), withKey.post(keysPath() + ".json", ""),
                withKey.get(keysPath() + "/" + Sids.next(Sids.API_KEY) + ".json"))) {
            assertThat(assertError(reply, 403, 20403)).contains("auth token");
        }
    }

    @Test
    void anotherAccountsPathOrKeyIsNotFound() {
        var stranger = herald.server().createAccount();
        String foreign = created(herald.http(stranger.sid(), stranger.authToken())
                .post(keys(stranger.sid()) + ".json", "")).get("sid").asText();
        assertNotFound(owner.get(keys(stranger.sid()) + ".json"), keys(stranger.sid()) + ".json");
        assertNotFound(owner.post(keys(stranger.sid()) + ".json", ""), keys(stranger.sid()) + ".json");
        for (String sid : List.of(foreign, Sids.next(Sids.API_KEY), "SKnot-a-sid")) {
            String path = keysPath() + "/" + sid + ".json";
            assertNotFound(owner.get(path), path);
            assertNotFound(owner.post(path, "FriendlyName=x"), path);
            assertNotFound(owner.delete(path), path);
        }
        String noSuffix = keysPath() + "/" + foreign;
        assertNotFound(owner.get(noSuffix), noSuffix);
    }

    @Test
    void updateRenamesTheKey() {
        JsonNode key = newKey("old");
        String path = keysPath() + "/" + "SK" + key.get("sid").asText().substring(2).toUpperCase() + ".json";
        JsonNode renamed = ok(owner.post(path, "FriendlyName=new"));
        assertThat(fieldNames(renamed)).containsExactly("sid", "friendly_name", "date_created", "date_updated");
        assertThat(renamed.get("friendly_name").asText()).isEqualTo("new");
        assertThat(renamed.get("sid")).isEqualTo(key.get("sid"));
        assertInvalid(owner.post(path, RawHttp.form("FriendlyName", "x".repeat(65))), "FriendlyName");
        assertThat(as(key).get("/v1/Services").status()).as("renaming keeps the secret").isEqualTo(200);
    }
}
