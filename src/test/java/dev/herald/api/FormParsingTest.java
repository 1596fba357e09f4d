package dev.herald.api;

import static dev.herald.api.Api.FORM;
import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.created;
import static dev.herald.api.Api.noContent;
import static dev.herald.api.Api.ok;
import static dev.herald.api.Api.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How request bodies and query strings are read: content types, encodings, arrays, booleans, extras. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FormParsingTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {FORM, FORM + "; charset=UTF-8", FORM + ";charset=utf-8", "Application/X-WWW-Form-Urlencoded"})
    void contentTypeWithOrWithoutCharsetIsAccepted(String contentType) {
        JsonNode service = created(http.send("POST", "/v1/Services", contentType, bytes("FriendlyName=ct+%C3%BC")));
        assertThat(service.get("friendly_name").asText()).isEqualTo("ct ü");
        JsonNode updated = ok(http.send("POST", "/v1/Services/" + service.get("sid").asText(), contentType,
                bytes("FriendlyName=ct2")));
        assertThat(updated.get("friendly_name").asText()).isEqualTo("ct2");
    }

    @Test
    void plusAndPercent20BothDecodeToSpace() {
        JsonNode plus = created(http.post("/v1/Services", "FriendlyName=a+b+%2B+c"));
        assertThat(plus.get("friendly_name").asText()).isEqualTo("a b + c");
        JsonNode pct = created(http.post("/v1/Services", "FriendlyName=a%20b%20%2B%20c"));
        assertThat(pct.get("friendly_name").asText()).isEqualTo("a b + c");
        JsonNode mixed = created(http.post("/v1/Services", "Friendly%4Eame=x+y%20z"));
        assertThat(mixed.get("friendly_name").asText()).isEqualTo("x y z");
        String sid = plus.get("sid").asText();
        JsonNode fetched = ok(http.get("/v1/Services/" + sid));
        assertThat(fetched.get("friendly_name").asText()).isEqualTo("a b + c");
        // in the query string too
        assertThat(Api.sids(ok(http.get("/v1/Services?FriendlyName=a+b+%2B+c")), "services"))
                .contains(sid, pct.get("sid").asText());
        assertThat(Api.sids(ok(http.get("/v1/Services?FriendlyName=a%20b%20%2B%20c")), "services"))
                .contains(sid, pct.get("sid").asText());
    }

    @Test
    void repeatedTagKeysAreArraysInOrder() {
        String service = fixture.service();
        JsonNode b = created(http.post(bindingsPath(service),
                "Identity=i&BindingType=apn&Address=arr&Tag=one&Tag=two+words&Tag=%C3%BCml"));
        assertThat(texts(b.get("tags"))).containsExactly("one", "two words", "üml");
    }

    @Test
    void bracketedOrCommaJoinedTagsAreNotArrays() {
        String service = fixture.service();
        JsonNode b = created(http.post(bindingsPath(service), "Identity=i&BindingType=apn&Address=br&Tag=a,b"));
        assertThat(texts(b.get("tags"))).containsExactly("a,b");
    }

    /** PostgreSQL cannot store NUL in text (it was a 500 there): refused with a 400 on every engine, nothing stored. */
    @Test
    void theNulCharacterIsRefusedInEveryTextParameter() {
        String service = fixture.service();
        assertInvalid(http.post("/v1/Services", "FriendlyName=a%00b"), "FriendlyName");
        assertInvalid(http.post("/v1/Services/" + service, "FriendlyName=a%00b"), "FriendlyName");
        assertInvalid(http.post(bindingsPath(service), "Identity=a%00b&BindingType=apn&Address=nul1"), "Identity");
        assertInvalid(http.post(bindingsPath(service), "Identity=i&BindingType=apn&Address=nul%00"), "Address");
        assertInvalid(http.post(bindingsPath(service), "Identity=i&BindingType=apn&Address=nul2&Tag=%00"), "Tag");
        assertInvalid(http.send("POST", bindingsPath(service), FORM,
                bytes("Identity=raw\0nul&BindingType=apn&Address=nul3")), "Identity");
        assertInvalid(http.post("/v1/Credentials", "Type=fcm&Secret=%00"), "Secret");
        assertInvalid(http.get(bindingsPath(service) + "?Identity=%00"), "Identity");
        assertThat(Api.sids(ok(http.get(bindingsPath(service))), "bindings")).isEmpty();
    }

    @Test
    void duplicateScalarParametersTakeTheFirst() {
        JsonNode s = created(http.post("/v1/Services", "FriendlyName=first&FriendlyName=second&LogEnabled=false"
                + "&LogEnabled=true"));
        assertThat(s.get("friendly_name").asText()).isEqualTo("first");
        assertThat(s.get("log_enabled").asBoolean()).isFalse();
        String service = s.get("sid").asText();
        JsonNode b = created(http.post(bindingsPath(service),
                "Identity=id1&Identity=id2&BindingType=fcm&BindingType=apn&Address=dup1&Address=dup2"));
        assertThat(b.get("identity").asText()).isEqualTo("id1");
        assertThat(b.get("binding_type").asText()).isEqualTo("fcm");
        assertThat(b.get("address").asText()).isEqualTo("dup1");
        JsonNode list = ok(http.get(bindingsPath(service) + "?PageSize=1&PageSize=500"));
        assertThat(list.get("meta").get("page_size").asInt()).isEqualTo(1);
    }

    @Test
    void booleansAreCaseInsensitive() {
        JsonNode s = created(http.post("/v1/Services", "LogEnabled=FALSE&DeliveryCallbackEnabled=True"));
        assertThat(s.get("log_enabled").asBoolean()).isFalse();
        assertThat(s.get("delivery_callback_enabled").asBoolean()).isTrue();
        String sid = s.get("sid").asText();
        JsonNode u = ok(http.post("/v1/Services/" + sid, "LogEnabled=True&DeliveryCallbackEnabled=fAlSe"));
        assertThat(u.get("log_enabled").asBoolean()).isTrue();
        assertThat(u.get("delivery_callback_enabled").asBoolean()).isFalse();
        JsonNode u2 = ok(http.post("/v1/Services/" + sid, "LogEnabled=false"));
        assertThat(u2.get("log_enabled").asBoolean()).isFalse();
        JsonNode c = created(http.post("/v1/Credentials", "Type=apn&Sandbox=TRUE"));
        assertThat(c.get("sandbox").asText()).isEqualTo("True");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "yes", "1", "0", "truee", "t"})
    void nonBooleanIsRejected(String value) {
        assertInvalid(http.post("/v1/Services", "LogEnabled=" + value), "LogEnabled");
        String sid = fixture.serviceWith("LogEnabled", "true");
        assertInvalid(http.post("/v1/Services/" + sid, "LogEnabled=" + value), "LogEnabled");
        assertThat(ok(http.get("/v1/Services/" + sid)).get("log_enabled").asBoolean()).isTrue();
        assertInvalid(http.post("/v1/Services", "DeliveryCallbackEnabled=" + value), "DeliveryCallbackEnabled");
        assertInvalid(http.post("/v1/Credentials", "Type=apn&Sandbox=" + value), "Sandbox");
    }

    @Test
    void unknownParametersAreIgnored() {
        JsonNode s = created(http.post("/v1/Services",
                "FriendlyName=known&Bogus=1&friendlyname=lower&FRIENDLYNAME=upper&Tag=x&=empty&novalue"));
        assertThat(s.get("friendly_name").asText()).isEqualTo("known");
        String service = s.get("sid").asText();
        JsonNode b = created(http.post(bindingsPath(service),
                "Identity=u&BindingType=apn&Address=unk&Unknown=z&identity=lower&Tags=nope"));
        assertThat(b.get("identity").asText()).isEqualTo("u");
        assertThat(texts(b.get("tags"))).isEmpty();
        JsonNode list = ok(http.get(bindingsPath(service) + "?Whatever=1&identity=nobody"));
        assertThat(list.get("bindings")).hasSize(1);
    }

    @Test
    void deleteWithAFormBodyAndContentTypeIsAccepted() {
        String service = fixture.service();
        String b1 = fixture.binding(service, "d", "apn", "del-1");
        String b2 = fixture.binding(service, "d", "apn", "del-2");
        noContent(http.send("DELETE", bindingsPath(service) + "/" + b1, FORM + "; charset=UTF-8", new byte[0]));
        noContent(http.send("DELETE", bindingsPath(service) + "/" + b2, FORM, bytes("Foo=bar&Identity=x")));
        Api.assertNotFound(http.get(bindingsPath(service) + "/" + b1), "/Services/" + service + "/Bindings/" + b1);
        Api.assertNotFound(http.get(bindingsPath(service) + "/" + b2), "/Services/" + service + "/Bindings/" + b2);
        String c = created(http.post("/v1/Credentials", "Type=fcm")).get("sid").asText();
        noContent(http.send("DELETE", "/v1/Credentials/" + c, FORM, new byte[0]));
        noContent(http.send("DELETE", "/v1/Services/" + service, FORM, bytes("x=y")));
    }

    @Test
    void getWithAFormContentTypeIsAccepted() {
        String service = fixture.service("getct");
        JsonNode list = ok(http.send("GET", "/v1/Services", FORM, new byte[0]));
        assertThat(Api.sids(list, "services")).contains(service);
        ok(http.send("GET", "/v1/Services/" + service, FORM + "; charset=UTF-8", new byte[0]));
        ok(http.send("GET", bindingsPath(service), FORM, new byte[0]));
        ok(http.send("GET", "/v1/Credentials", FORM, new byte[0]));
    }

    @Test
    void emptyPairsAndTrailingAmpersandsAreHarmless() {
        JsonNode s = created(http.post("/v1/Services", "&&FriendlyName=amp&&&"));
        assertThat(s.get("friendly_name").asText()).isEqualTo("amp");
        JsonNode list = ok(http.get("/v1/Services?&&PageSize=3&&"));
        assertThat(list.get("meta").get("page_size").asInt()).isEqualTo(3);
    }
}
