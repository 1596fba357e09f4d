package dev.herald.api;

import static dev.herald.api.Api.assertNotFound;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.noContent;
import static dev.herald.api.Api.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIDs in requests may use upper-case hex digits (paths, SID parameters, page tokens): they name the same
 * resources as Herald's lowercase SIDs, which are what every answer shows. The prefix stays case-sensitive.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SidCaseTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    /** The SID with its hex digits in upper case (the prefix is upper case already). */
    private static String upper(String sid) {
        return sid.toUpperCase(Locale.ROOT);
    }

    /** The SID with every other hex letter in upper case. */
    private static String mixed(String sid) {
        StringBuilder out = new StringBuilder(sid);
        for (int i = 2; i < out.length(); i += 2) {
            out.setCharAt(i, Character.toUpperCase(out.charAt(i)));
        }
        return out.toString();
    }

    @Test
    void servicesCredentialsAndBindingsAnswerToUpperCaseSidsInPaths() {
        String credential = fixture.credential("apn");
        String service = fixture.service("case");
        String binding = fixture.binding(service, "alice", "apn", "tok-case");
        assertThat(upper(service)).isNotEqualTo(service);

        assertThat(ok(http.get("/v1/Services/" + upper(service))).get("sid").asText()).isEqualTo(service);
        assertThat(ok(http.get("/v1/Services/" + mixed(service))).get("sid").asText()).isEqualTo(service);
        JsonNode renamed = ok(http.post("/v1/Services/" + upper(service), RawHttp.form("FriendlyName", "renamed")));
        assertThat(renamed.get("friendly_name").asText()).isEqualTo("renamed");
        assertThat(renamed.get("url").asText()).endsWith("/v1/Services/" + service);
        assertThat(ok(http.get("/v1/Credentials/" + upper(credential))).get("sid").asText()).isEqualTo(credential);
        ok(http.post("/v1/Credentials/" + upper(credential), RawHttp.form("FriendlyName", "c")));

        String bindingPath = bindingsPath(upper(service)) + "/" + upper(binding);
        assertThat(ok(http.get(bindingPath)).get("sid").asText()).isEqualTo(binding);
        JsonNode list = ok(http.get(bindingsPath(upper(service)) + "?PageSize=1"));
        assertThat(Api.sids(list, "bindings")).containsExactly(binding);
        assertThat(list.get("meta").get("url").asText()).contains("/v1/Services/" + service + "/Bindings?");
        JsonNode second = created(http.post(bindingsPath(mixed(service)),
                RawHttp.form("Identity", "bob", "BindingType", "fcm", "Address", "tok-case-2")));
        assertThat(second.get("service_sid").asText()).isEqualTo(service);

        noContent(http.delete(bindingPath));
        assertNotFound(http.get(bindingsPath(service) + "/" + binding), "/Services/" + service + "/Bindings/" + binding);
        noContent(http.delete("/v1/Services/" + upper(service)));
        assertNotFound(http.get("/v1/Services/" + service), "/Services/" + service);
        noContent(http.delete("/v1/Credentials/" + upper(credential)));
        assertNotFound(http.get("/v1/Credentials/" + credential), "/Credentials/" + credential);
    }

    @Test
    void sidParametersMayBeUpperCaseAndAreStoredLowercase() {
        String apn = fixture.credential("apn");
        String fcm = fixture.credential("fcm");
        String messaging = "MG" + "ab".repeat(16);
        JsonNode service = created(http.post("/v1/Services", RawHttp.form("ApnCredentialSid", upper(apn),
                "FcmCredentialSid", mixed(fcm), "GcmCredentialSid", upper(fcm), "MessagingServiceSid", upper(messaging))));
        assertThat(service.get("apn_credential_sid").asText()).isEqualTo(apn);
        assertThat(service.get("fcm_credential_sid").asText()).isEqualTo(fcm);
        assertThat(service.get("gcm_credential_sid").asText()).isEqualTo(fcm);
        assertThat(service.get("messaging_service_sid").asText()).isEqualTo(messaging);
        String sid = service.get("sid").asText();
        JsonNode binding = created(http.post(bindingsPath(sid), RawHttp.form("Identity", "a", "BindingType", "apn",
                "Address", "tok-param-case", "CredentialSid", upper(apn))));
        assertThat(binding.get("credential_sid").asText()).isEqualTo(apn);
    }

    @Test
    void pageTokensMayCarryUpperCaseSids() {
        String service = fixture.service();
        for (int i = 0; i < 3; i++) {
            fixture.binding(service, "p" + i, "fcm", "tok-page-" + i);
        }
        JsonNode first = ok(http.get(bindingsPath(service) + "?PageSize=1"));
        String next = first.get("meta").get("next_page_url").asText();
        String token = Api.query(next).get("PageToken").get(0);
        String upperToken = token.substring(0, token.indexOf('_') + 1) + upper(token.substring(token.indexOf('_') + 1));
        assertThat(upperToken).isNotEqualTo(token);
        JsonNode lower = ok(http.get(bindingsPath(service) + "?PageSize=1&Page=1&PageToken=" + token));
        JsonNode upperPage = ok(http.get(bindingsPath(service) + "?PageSize=1&Page=1&PageToken=" + upperToken));
        assertThat(Api.sids(upperPage, "bindings")).isEqualTo(Api.sids(lower, "bindings")).hasSize(1)
                .doesNotContainAnyElementsOf(Api.sids(first, "bindings"));
    }

    @Test
    void theOwnersUpperCaseSidsStayInvisibleToOtherAccounts() {
        String service = fixture.service("mine");
        var other = herald.server().createAccount();
        RawHttp stranger = herald.http(other.sid(), other.authToken());
        assertNotFound(stranger.get("/v1/Services/" + upper(service)), "/Services/" + upper(service));
        noContent(http.delete("/v1/Services/" + upper(service)));
    }

    @Test
    void aLowercasePrefixIsStillMalformed() {
        String service = fixture.service();
        String lowerPrefix = "is" + service.substring(2);
        assertNotFound(http.get("/v1/Services/" + lowerPrefix), "/Services/" + lowerPrefix);
        ok(http.get("/v1/Services/" + service));
    }
}
