package dev.herald.api;

import static dev.herald.api.Api.bindingsPath;
import static dev.herald.api.Api.noContent;
import static dev.herald.api.Api.ok;
import static dev.herald.api.Api.sids;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyset paging: no row skipped or repeated while rows come and go; previous_page_url goes back exactly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PagingStabilityTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    private record Row(String sid, String dateCreated) {
    }

    private static List<Row> rows(JsonNode page) {
        List<Row> rows = new ArrayList<>();
        page.get("bindings").forEach(b -> rows.add(new Row(b.get("sid").asText(), b.get("date_created").asText())));
        return rows;
    }

    private static final Comparator<Row> ORDER = Comparator.comparing(Row::dateCreated).thenComparing(Row::sid);

    /**
     * Pages with PageSize=2 through {@code query}; after each page, creates two new matching Bindings and deletes
     * every Binding seen on that page (including the one the next token points after).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "Tag=keep", "Identity=p1&Identity=p2", "Tag=keep&Tag=fcm&Identity=p1&Identity=p2",
            "Tag=all"})
    void insertsAndDeletesBetweenPagesNeitherSkipNorRepeat(String filter) {
        String service = fixture.service();
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            original.add(fixture.binding(service, i % 2 == 0 ? "p1" : "p2", "fcm", "orig-" + i, "keep"));
        }
        String noise = fixture.binding(service, "p3", "apn", "noise-1");
        Set<String> allowed = new HashSet<>(original);
        if (filter.isEmpty() || filter.equals("Tag=all")) {
            allowed.add(noise);
        }
        String q = bindingsPath(service) + "?" + (filter.isEmpty() ? "" : filter + "&") + "PageSize=2";
        List<Row> seen = new ArrayList<>();
        Set<String> inserted = new HashSet<>();
        int counter = 0;
        String next = q;
        int pages = 0;
        while (next != null) {
            JsonNode page = ok(http.get(next));
            pages++;
            List<Row> rows = rows(page);
            assertThat(rows.size()).isBetween(0, 2);
            seen.addAll(rows);
            for (int k = 0; k < 2 && pages <= 4; k++) {
                inserted.add(fixture.binding(service, k == 0 ? "p1" : "p2", "fcm", "new-" + counter++, "keep"));
            }
            for (Row row : rows) {
                noContent(http.delete(bindingsPath(service) + "/" + row.sid()));
            }
            JsonNode nextUrl = page.get("meta").get("next_page_url");
            next = nextUrl.isNull() ? null : nextUrl.asText();
            assertThat(pages).as("pages").isLessThan(60);
        }
        List<String> seenSids = seen.stream().map(Row::sid).toList();
        assertThat(seenSids).as("no row twice").doesNotHaveDuplicates();
        assertThat(seenSids).as("every row that existed throughout").containsAll(original);
        assertThat(seenSids).as("only matching rows").allMatch(s -> allowed.contains(s) || inserted.contains(s));
        assertThat(seen).as("ascending (date_created, sid)").isSortedAccordingTo(ORDER);
    }

    @Test
    void insertsBeforeAndAfterTheCursorNeverDuplicateRows() {
        String service = fixture.service();
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            original.add(fixture.binding(service, "solo-" + i, "gcm", "keep-" + i));
        }
        List<String> seen = new ArrayList<>();
        String next = bindingsPath(service) + "?PageSize=2";
        int counter = 0;
        while (next != null) {
            JsonNode page = ok(http.get(next));
            seen.addAll(sids(page, "bindings"));
            for (int k = 0; k < 3 && seen.size() <= 8; k++) {
                fixture.binding(service, "late-" + counter, "gcm", "late-" + counter++);
            }
            JsonNode nextUrl = page.get("meta").get("next_page_url");
            next = nextUrl.isNull() ? null : nextUrl.asText();
            assertThat(seen.size()).isLessThan(200);
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(original);
    }

    @Test
    void deletingAllRowsAfterTheCursorEndsTheListCleanly() {
        String service = fixture.service();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(fixture.binding(service, "e", "apn", "end-" + i));
        }
        JsonNode first = ok(http.get(bindingsPath(service) + "?PageSize=2"));
        List<String> firstSids = sids(first, "bindings");
        for (String sid : all) {
            if (!firstSids.contains(sid)) {
                noContent(http.delete(bindingsPath(service) + "/" + sid));
            }
        }
        JsonNode second = ok(http.get(first.get("meta").get("next_page_url").asText()));
        assertThat(second.get("bindings")).isEmpty();
        assertThat(second.get("meta").get("next_page_url").isNull()).isTrue();
    }

    @Test
    void previousPageUrlReturnsThePreviousPage() {
        String service = fixture.service();
        for (int i = 0; i < 7; i++) {
            fixture.binding(service, "prev", "fcm", "prev-" + i, "p");
        }
        for (String filter : List.of("", "Tag=p&", "Identity=prev&")) {
            List<JsonNode> forward = Api.pages(http, bindingsPath(service) + "?" + filter + "PageSize=2");
            assertThat(forward).hasSize(4);
            assertThat(forward.get(0).get("meta").get("previous_page_url").isNull()).isTrue();
            for (int i = 1; i < forward.size(); i++) {
                JsonNode meta = forward.get(i).get("meta");
                assertThat(meta.get("previous_page_url").isNull()).as("page %d has a previous page", i).isFalse();
                String previousUrl = meta.get("previous_page_url").asText();
                assertThat(previousUrl).startsWith(herald.baseUrl() + bindingsPath(service) + "?");
                if (!filter.isEmpty()) {
                    String[] kv = filter.substring(0, filter.length() - 1).split("=");
                    assertThat(Api.query(previousUrl)).containsEntry(kv[0], List.of(kv[1]));
                }
                assertThat(Api.query(previousUrl)).containsEntry("PageSize", List.of("2"));
                JsonNode previous = ok(http.get(previousUrl));
                assertThat(sids(previous, "bindings")).as("previous of page %d", i)
                        .containsExactlyElementsOf(sids(forward.get(i - 1), "bindings"));
                assertThat(previous.get("meta").get("page").asInt()).isEqualTo(i - 1);
                // and forward again from there
                String again = previous.get("meta").get("next_page_url").asText();
                assertThat(sids(ok(http.get(again)), "bindings"))
                        .containsExactlyElementsOf(sids(forward.get(i), "bindings"));
            }
            // walking back from the last page reaches the first and stops there
            JsonNode page = forward.get(3);
            List<List<String>> backward = new ArrayList<>();
            while (!page.get("meta").get("previous_page_url").isNull()) {
                page = ok(http.get(page.get("meta").get("previous_page_url").asText()));
                backward.add(sids(page, "bindings"));
                assertThat(backward.size()).isLessThan(10);
            }
            assertThat(backward).containsExactly(sids(forward.get(2), "bindings"), sids(forward.get(1), "bindings"),
                    sids(forward.get(0), "bindings"));
        }
    }

    @Test
    void servicesAndCredentialsPageStablyToo() {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            services.add(fixture.service("stable"));
        }
        List<String> seen = new ArrayList<>();
        String next = "/v1/Services?FriendlyName=stable&PageSize=2";
        while (next != null) {
            JsonNode page = ok(http.get(next));
            List<String> rows = sids(page, "services");
            seen.addAll(rows);
            fixture.service("stable");
            for (String sid : rows) {
                noContent(http.delete("/v1/Services/" + sid));
            }
            next = page.get("meta").get("next_page_url").isNull() ? null
                    : page.get("meta").get("next_page_url").asText();
            assertThat(seen.size()).isLessThan(100);
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(services);
    }
}
