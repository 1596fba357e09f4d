package dev.herald.api;

import static dev.herald.api.Api.assertInvalid;
import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.enc;
import static dev.herald.api.Api.listAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding list filters: Tag (AND, implicit tags, max 5), Identity (OR), StartDate/EndDate (inclusive days). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListFiltersTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static String service;
    private static String apnAlice;
    private static String fcmAlice;
    private static String smsBob;
    private static String gcmCarol;
    private static String fbmDave;
    private static String alexaErin;
    private static String firstDay;
    private static String lastDay;
    private final RawHttp http = herald.http();

    @BeforeAll
    static void createBindings() {
        Fixtures fixture = herald.fixture();
        service = fixture.service("filters");
        var first = fixture.bindingJson(service, "alice", "apn", "apn-1", "x", "y");
        apnAlice = first.get("sid").asText();
        fcmAlice = fixture.binding(service, "alice", "fcm", "fcm-1", "x");
        smsBob = fixture.binding(service, "bob", "sms", "+15555550101", "y");
        gcmCarol = fixture.binding(service, "carol", "gcm", "gcm-1", "x", "y", "z");
        fbmDave = fixture.binding(service, "dave", "facebook-messenger", "fbm-1");
        var last = fixture.bindingJson(service, "erin", "alexa", "alexa-1", "sms-lover");
        alexaErin = last.get("sid").asText();
        firstDay = first.get("date_created").asText().substring(0, 10);
        lastDay = last.get("date_created").asText().substring(0, 10);
    }

    private List<String> list(String query) {
        return listAll(http, bindingsPath(service) + "?" + query, "bindings");
    }

    @Test
    void tagFilterIsAnAndOfAllTags() {
        assertThat(list("Tag=x")).containsExactlyInAnyOrder(apnAlice, fcmAlice, gcmCarol);
        assertThat(list("Tag=y")).containsExactlyInAnyOrder(apnAlice, smsBob, gcmCarol);
        assertThat(list("Tag=x&Tag=y")).containsExactlyInAnyOrder(apnAlice, gcmCarol);
        assertThat(list("Tag=y&Tag=x")).containsExactlyInAnyOrder(apnAlice, gcmCarol);
        assertThat(list("Tag=x&Tag=y&Tag=z")).containsExactly(gcmCarol);
        assertThat(list("Tag=x&Tag=x")).containsExactlyInAnyOrder(apnAlice, fcmAlice, gcmCarol);
        assertThat(list("Tag=z&Tag=nope")).isEmpty();
        assertThat(list("Tag=nope")).isEmpty();
        assertThat(list("Tag=X")).isEmpty();
    }

    @Test
    void implicitTags() {
        assertThat(list("Tag=all")).containsExactlyInAnyOrder(apnAlice, fcmAlice, smsBob, gcmCarol, fbmDave,
                alexaErin);
        assertThat(list("Tag=apn")).containsExactly(apnAlice);
        assertThat(list("Tag=fcm")).containsExactly(fcmAlice);
        assertThat(list("Tag=gcm")).containsExactly(gcmCarol);
        assertThat(list("Tag=sms")).containsExactly(smsBob);
        assertThat(list("Tag=facebook-messenger")).containsExactly(fbmDave);
        assertThat(list("Tag=all&Tag=x")).containsExactlyInAnyOrder(apnAlice, fcmAlice, gcmCarol);
        assertThat(list("Tag=apn&Tag=x")).containsExactly(apnAlice);
        assertThat(list("Tag=x&Tag=apn")).containsExactly(apnAlice);
        assertThat(list("Tag=sms&Tag=x")).isEmpty();
        assertThat(list("Tag=sms&Tag=y")).containsExactly(smsBob);
        assertThat(list("Tag=apn&Tag=fcm")).isEmpty();
        assertThat(list("Tag=all&Tag=all")).hasSize(6);
    }

    @Test
    void atMostFiveTags() {
        assertThat(list("Tag=all&Tag=x&Tag=y&Tag=z&Tag=gcm")).containsExactly(gcmCarol);
        assertInvalid(http.get(bindingsPath(service) + "?Tag=a&Tag=b&Tag=c&Tag=d&Tag=e&Tag=f"), "Tag");
        assertInvalid(http.get(bindingsPath(service) + "?Tag=all&Tag=x&Tag=y&Tag=z&Tag=gcm&Tag=apn"), "Tag");
    }

    @Test
    void identityFilterIsAnOr() {
        assertThat(list("Identity=alice")).containsExactlyInAnyOrder(apnAlice, fcmAlice);
        assertThat(list("Identity=alice&Identity=bob")).containsExactlyInAnyOrder(apnAlice, fcmAlice, smsBob);
        assertThat(list("Identity=nobody&Identity=dave")).containsExactly(fbmDave);
        assertThat(list("Identity=nobody")).isEmpty();
        assertThat(list("Identity=Alice")).isEmpty();
        assertThat(list("Identity=alice&Tag=y")).containsExactly(apnAlice);
        assertThat(list("Identity=alice&Identity=carol&Tag=x&Tag=y")).containsExactlyInAnyOrder(apnAlice, gcmCarol);
        assertThat(list("Identity=bob&Tag=sms")).containsExactly(smsBob);
        assertThat(list("Identity=bob&Tag=apn")).isEmpty();
    }

    @Test
    void datesAreInclusiveUtcDays() {
        List<String> all = List.of(apnAlice, fcmAlice, smsBob, gcmCarol, fbmDave, alexaErin);
        assertThat(list("StartDate=" + firstDay)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(list("EndDate=" + lastDay)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(list("StartDate=" + firstDay + "&EndDate=" + lastDay)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(list("StartDate=" + firstDay + "&EndDate=" + firstDay)).contains(apnAlice);
        assertThat(list("StartDate=" + lastDay + "&EndDate=" + lastDay)).contains(alexaErin);
        String dayAfter = LocalDate.parse(lastDay).plusDays(1).toString();
        String dayBefore = LocalDate.parse(firstDay).minusDays(1).toString();
        assertThat(list("StartDate=" + dayAfter)).isEmpty();
        assertThat(list("EndDate=" + dayBefore)).isEmpty();
        assertThat(list("StartDate=" + dayBefore + "&EndDate=" + dayAfter)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(list("StartDate=" + dayAfter + "&EndDate=" + dayBefore)).isEmpty();
        assertThat(list("StartDate=" + firstDay + "&Tag=z&Identity=carol")).containsExactly(gcmCarol);
        assertThat(list("StartDate=2000-01-01&EndDate=2000-12-31")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-01", "2024/01/01", "2024-1-1", "2023-02-29", "2024-01-32", "yesterday",
            "2024-01-01T00:00:00Z", "20240101", " 2024-01-01", "2024-01-01 "})
    void badDatesAreRejected(String value) {
        assertInvalid(http.get(bindingsPath(service) + "?StartDate=" + enc(value)), "StartDate");
        assertInvalid(http.get(bindingsPath(service) + "?EndDate=" + enc(value)), "EndDate");
    }

    @Test
    void leapDayIsAValidDate() {
        assertThat(list("StartDate=2024-02-29&EndDate=2024-02-29")).isEmpty();
    }
}
