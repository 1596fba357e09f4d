package dev.herald.api;

import static dev.herald.api.Api.UNKNOWN_CREDENTIAL;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Service parameter rules: FriendlyName length, credential SIDs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceRulesTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @Test
    void friendlyNameOf64CharactersIsAcceptedAnd65Rejected() {
        String ok64 = "n".repeat(64);
        JsonNode s = created(http.post("/v1/Services", RawHttp.form("FriendlyName", ok64)));
        assertThat(s.get("friendly_name").asText()).isEqualTo(ok64);
        String sid = s.get("sid").asText();
        assertInvalid(http.post("/v1/Services", RawHttp.form("FriendlyName", "n".repeat(65))), "FriendlyName");
        assertInvalid(http.post("/v1/Services/" + sid, RawHttp.form("FriendlyName", "m".repeat(65))), "FriendlyName");
        assertThat(ok(http.get("/v1/Services/" + sid)).get("friendly_name").asText()).isEqualTo(ok64);
        JsonNode u = ok(http.post("/v1/Services/" + sid, RawHttp.form("FriendlyName", "m".repeat(64))));
        assertThat(u.get("friendly_name").asText()).isEqualTo("m".repeat(64));
    }

    @Test
    void friendlyNameLengthCountsCharactersNotBytes() {
        String name = "é".repeat(64);
        JsonNode s = created(http.post("/v1/Services", RawHttp.form("FriendlyName", name)));
        assertThat(s.get("friendly_name").asText()).isEqualTo(name);
        assertInvalid(http.post("/v1/Services", RawHttp.form("FriendlyName", "é".repeat(65))), "FriendlyName");
    }

    @Test
    void credentialFriendlyNameFollowsTheSameLimit() {
        created(http.post("/v1/Credentials", RawHttp.form("Type", "fcm", "FriendlyName", "c".repeat(64))));
        assertInvalid(http.post("/v1/Credentials", RawHttp.form("Type", "fcm", "FriendlyName", "c".repeat(65))),
                "FriendlyName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApnCredentialSid", "GcmCredentialSid", "FcmCredentialSid"})
    void malformedCredentialSidIsRejected(String parameter) {
        for (String bad : new String[] {"CR123", "nope", "IS" + "0".repeat(32), "CR" + "z".repeat(32),
                "CR" + "0".repeat(33)}) {
            assertInvalid(http.post("/v1/Services", RawHttp.form(parameter, bad)), parameter);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApnCredentialSid", "GcmCredentialSid", "FcmCredentialSid"})
    void unknownWellFormedCredentialSidIsRejected(String parameter) {
        assertInvalid(http.post("/v1/Services", RawHttp.form(parameter, UNKNOWN_CREDENTIAL)), parameter);
        String sid = fixture.service();
        assertInvalid(http.post("/v1/Services/" + sid, RawHttp.form(parameter, UNKNOWN_CREDENTIAL)), parameter);
        assertThat(ok(http.get("/v1/Services/" + sid)).get(
                parameter.replace("CredentialSid", "").toLowerCase() + "_credential_sid").isNull()).isTrue();
    }

    @Test
    void existingCredentialOfTheRightTypeIsAccepted() {
        String apn = fixture.credential("apn");
        String fcm = fixture.credential("fcm");
        JsonNode s = created(http.post("/v1/Services", RawHttp.form("ApnCredentialSid", apn, "FcmCredentialSid", fcm)));
        assertThat(s.get("apn_credential_sid").asText()).isEqualTo(apn);
        assertThat(s.get("fcm_credential_sid").asText()).isEqualTo(fcm);
        assertInvalid(http.post("/v1/Services", RawHttp.form("ApnCredentialSid", fcm)), "ApnCredentialSid");
    }

    @Test
    void anotherAccountsCredentialIsUnknown() {
        var other = herald.server().createAccount();
        String foreign = new Fixtures(herald.http(other.sid(), other.authToken())).credential("apn");
        assertInvalid(http.post("/v1/Services", RawHttp.form("ApnCredentialSid", foreign)), "ApnCredentialSid");
    }
}
