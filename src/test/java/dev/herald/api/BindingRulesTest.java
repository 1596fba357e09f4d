package dev.herald.api;

import static dev.herald.api.Api.UNKNOWN_CREDENTIAL;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.assertNotFound;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.enc;
import static dev.herald.api.Api.listAll;
import static dev.herald.api.Api.ok;
import static dev.herald.api.Api.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding create rules: required parameters, types, E.164, tags, credentials, replacement, the identity limit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BindingRulesTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private static String[] tags(int n) {
        return IntStream.range(0, n).mapToObj(i -> "tag" + i).toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Identity", "BindingType", "Address"})
    void requiredParametersMustBePresentAndNonEmpty(String parameter) {
        String service = fixture.service();
        List<String> full = List.of("Identity", "req", "BindingType", "apn", "Address", "req-addr");
        List<String> missing = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (int i = 0; i < full.size(); i += 2) {
            if (!full.get(i).equals(parameter)) {
                missing.add(full.get(i));
                missing.add(full.get(i + 1));
            }
            empty.add(full.get(i));
            empty.add(full.get(i).equals(parameter) ? "" : full.get(i + 1));
        }
        assertInvalid(http.post(bindingsPath(service), RawHttp.form(missing.toArray(String[]::new))), parameter);
        assertInvalid(http.post(bindingsPath(service), RawHttp.form(empty.toArray(String[]::new))), parameter);
        assertInvalid(http.post(bindingsPath(service), RawHttp.form(missing.toArray(String[]::new))
                + "&" + parameter), parameter);
        assertThat(listAll(http, bindingsPath(service), "bindings")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"carrier-pigeon", "email", "apns", "facebook", "sms ", "all"})
    void unknownBindingTypeIsRejected(String type) {
        String service = fixture.service();
        assertInvalid(fixture.postBinding(service, "t", type, "addr-type"), "BindingType");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apn", "gcm", "fcm", "facebook-messenger", "alexa"})
    void everyKnownBindingTypeIsAccepted(String type) {
        String service = fixture.service();
        JsonNode b = fixture.bindingJson(service, "t", type, "addr-" + type);
        assertThat(b.get("binding_type").asText()).isEqualTo(type);
        assertThat(texts(b.get("tags"))).isEmpty();
    }

    @Test
    void smsAddressMustBeE164() {
        String service = fixture.service();
        JsonNode ok = fixture.bindingJson(service, "s", "sms", "+15555550100");
        assertThat(ok.get("address").asText()).isEqualTo("+15555550100");
        for (String bad : List.of("5555550100", "+0123", "+", "+1 555 555 0100", "+1-555-555-0100",
                "+1234567890123456", "++15555550100", "+1555555010a", "15555550100")) {
            assertInvalid(fixture.postBinding(service, "s", "sms", bad), "Address");
        }
        assertThat(listAll(http, bindingsPath(service), "bindings")).hasSize(1);
    }

    @Test
    void twentyTagsAreAcceptedAndTwentyOneRejected() {
        String service = fixture.service();
        JsonNode b = fixture.bindingJson(service, "t", "apn", "twenty", tags(20));
        assertThat(texts(b.get("tags"))).containsExactly(tags(20));
        assertInvalid(fixture.postBinding(service, "t", "apn", "twenty-one", tags(21)), "Tag");
        assertNotListed(service, "twenty-one");
    }

    @Test
    void duplicateTagsCollapse() {
        String service = fixture.service();
        JsonNode b = fixture.bindingJson(service, "t", "apn", "dups", "b", "a", "b", "a", "c");
        assertThat(texts(b.get("tags"))).containsExactly("b", "a", "c");
        List<String> many = new ArrayList<>(List.of(tags(20)));
        many.addAll(List.of(tags(20)));
        JsonNode twenty = fixture.bindingJson(service, "t", "apn", "dups-40", many.toArray(String[]::new));
        assertThat(texts(twenty.get("tags"))).containsExactly(tags(20));
        JsonNode fetched = ok(http.get(bindingsPath(service) + "/" + b.get("sid").asText()));
        assertThat(texts(fetched.get("tags"))).containsExactly("b", "a", "c");
    }

    @Test
    void tagsHoldOnlyExplicitTags() {
        String service = fixture.service();
        for (String type : List.of("apn", "fcm", "gcm", "facebook-messenger")) {
            JsonNode none = fixture.bindingJson(service, "t", type, "none-" + type);
            assertThat(texts(none.get("tags"))).isEmpty();
            JsonNode vip = fixture.bindingJson(service, "t", type, "vip-" + type, "vip");
            assertThat(texts(vip.get("tags"))).containsExactly("vip");
        }
        JsonNode sms = fixture.bindingJson(service, "t", "sms", "+15555550199", "vip");
        assertThat(texts(sms.get("tags"))).containsExactly("vip");
        for (JsonNode b : ok(http.get(bindingsPath(service) + "?Tag=all")).get("bindings")) {
            assertThat(texts(b.get("tags"))).doesNotContain("all", b.get("binding_type").asText());
        }
    }

    @Test
    void credentialSidOnAnSmsBindingIsRejected() {
        String service = fixture.service();
        String fcm = fixture.credential("fcm");
        String apn = fixture.credential("apn");
        for (String credential : List.of(fcm, apn, UNKNOWN_CREDENTIAL)) {
            assertInvalid(http.post(bindingsPath(service), RawHttp.form("Identity", "s", "BindingType", "sms",
                    "Address", "+15555550111", "CredentialSid", credential)), "CredentialSid");
            assertInvalid(http.post(bindingsPath(service), RawHttp.form("Identity", "s", "BindingType",
                    "facebook-messenger", "Address", "fbm", "CredentialSid", credential)), "CredentialSid");
        }
        assertThat(listAll(http, bindingsPath(service), "bindings")).isEmpty();
        JsonNode push = created(http.post(bindingsPath(service), RawHttp.form("Identity", "p", "BindingType", "fcm",
                "Address", "push", "CredentialSid", fcm)));
        assertThat(push.get("credential_sid").asText()).isEqualTo(fcm);
    }

    @Test
    void malformedOrUnknownCredentialSidOnAPushBindingIsRejected() {
        String service = fixture.service();
        for (String bad : List.of("CR123", "nope", "IS" + "0".repeat(32), UNKNOWN_CREDENTIAL)) {
            assertInvalid(http.post(bindingsPath(service), RawHttp.form("Identity", "p", "BindingType", "apn",
                    "Address", "bad-cred", "CredentialSid", bad)), "CredentialSid");
        }
        assertNotListed(service, "bad-cred");
    }

    private void assertNotListed(String service, String address) {
        for (JsonNode page : Api.pages(http, bindingsPath(service))) {
            for (JsonNode b : page.get("bindings")) {
                assertThat(b.get("address").asText()).isNotEqualTo(address);
            }
        }
    }

    private List<JsonNode> withAddress(String service, String address) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode page : Api.pages(http, bindingsPath(service) + "?PageSize=1000")) {
            page.get("bindings").forEach(b -> {
                if (b.get("address").asText().equals(address)) {
                    found.add(b);
                }
            });
        }
        return found;
    }

    @Test
    void sameAddressReplacesTheOldBinding() {
        String service = fixture.service();
        String other = fixture.binding(service, "zed", "apn", "other-device");
        JsonNode first = fixture.bindingJson(service, "alice", "apn", "shared-device", "old");
        JsonNode second = fixture.bindingJson(service, "bob", "apn", "shared-device", "new");
        String oldSid = first.get("sid").asText();
        String newSid = second.get("sid").asText();
        assertThat(newSid).isNotEqualTo(oldSid);
        assertNotFound(http.get(bindingsPath(service) + "/" + oldSid),
                "/Services/" + service + "/Bindings/" + oldSid);
        assertNotFound(http.delete(bindingsPath(service) + "/" + oldSid),
                "/Services/" + service + "/Bindings/" + oldSid);
        JsonNode fetched = ok(http.get(bindingsPath(service) + "/" + newSid));
        assertThat(fetched.get("identity").asText()).isEqualTo("bob");
        assertThat(texts(fetched.get("tags"))).containsExactly("new");
        assertThat(listAll(http, bindingsPath(service), "bindings")).containsExactlyInAnyOrder(other, newSid);
        assertThat(withAddress(service, "shared-device")).hasSize(1);
        assertThat(listAll(http, bindingsPath(service) + "?Identity=alice", "bindings")).isEmpty();
        assertThat(listAll(http, bindingsPath(service) + "?Tag=old", "bindings")).isEmpty();
        assertThat(listAll(http, bindingsPath(service) + "?Tag=new", "bindings")).containsExactly(newSid);

        // same identity, same address again
        String third = fixture.binding(service, "bob", "apn", "shared-device");
        assertThat(listAll(http, bindingsPath(service), "bindings")).containsExactlyInAnyOrder(other, third);
        assertThat(withAddress(service, "shared-device")).hasSize(1);
    }

    @Test
    void sameAddressInAnotherServiceIsIndependent() {
        String s1 = fixture.service();
        String s2 = fixture.service();
        String b1 = fixture.binding(s1, "a", "fcm", "cross-service");
        String b2 = fixture.binding(s2, "a", "fcm", "cross-service");
        ok(http.get(bindingsPath(s1) + "/" + b1));
        ok(http.get(bindingsPath(s2) + "/" + b2));
    }

    @Test
    void anIdentityHoldsAtMostTwentyBindings() {
        String service = fixture.service();
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sids.add(fixture.binding(service, "full", "fcm", "full-" + i));
        }
        assertInvalid(fixture.postBinding(service, "full", "fcm", "full-20"), "Identity");
        // re-registering one of its own addresses keeps it at 20 and is allowed
        String replaced = fixture.binding(service, "full", "fcm", "full-3", "again");
        List<String> listed = listAll(http, bindingsPath(service) + "?Identity=full", "bindings");
        assertThat(listed).hasSize(20).contains(replaced).doesNotContain(sids.get(3));
        // taking another identity's address would make 21: refused, and the other Binding survives
        String theirs = fixture.binding(service, "someone", "fcm", "their-device");
        assertInvalid(fixture.postBinding(service, "full", "fcm", "their-device"), "Identity");
        assertThat(ok(http.get(bindingsPath(service) + "/" + theirs)).get("identity").asText()).isEqualTo("someone");
        // other identities are not affected
        fixture.binding(service, "FULL", "fcm", "case-differs");
        // deleting one makes room
        Api.noContent(http.delete(bindingsPath(service) + "/" + sids.get(0)));
        fixture.binding(service, "full", "fcm", "full-21");
        assertThat(listAll(http, bindingsPath(service) + "?Identity=" + enc("full"), "bindings")).hasSize(20);
    }

    @Test
    void theIdentityLimitIsPerService() {
        String s1 = fixture.service();
        String s2 = fixture.service();
        for (int i = 0; i < 20; i++) {
            fixture.binding(s1, "per-service", "apn", "ps-" + i);
        }
        fixture.binding(s2, "per-service", "apn", "ps-0");
        assertInvalid(fixture.postBinding(s1, "per-service", "apn", "ps-x"), "Identity");
    }
}
