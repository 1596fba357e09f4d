package dev.herald.api;

import static dev.herald.api.Api.listAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The list query picks its driving index (identity, the sparsest tag, type); whichever it picks, pages must hold
 * exactly the matching Bindings in list order, forward and backward.
 */
@Timeout(120)
class ListPlanTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static String service;
    private static final List<String> common = new ArrayList<>();
    private static final List<String> both = new ArrayList<>();
    private static final List<String> bothForAda = new ArrayList<>();
    private final RawHttp http = herald.http();

    @BeforeAll
    static void createBindings() {
        Fixtures fixture = herald.fixture();
        service = fixture.service("plans");
        for (int i = 0; i < 2_300; i++) {
            boolean rare = i % 23 == 0;
            String identity = i % 7 == 0 && i < 7 * 20 ? "ada" : "user-" + i; // ada stays within 20 Bindings
            JsonNode b = rare
                    ? fixture.bindingJson(service, identity, "fcm", "addr-" + i, "common", "rare")
                    : fixture.bindingJson(service, identity, "apn", "addr-" + i, "common");
            String sid = b.get("sid").asText();
            common.add(sid);
            if (rare) {
                both.add(sid);
                if (identity.equals("ada")) {
                    bothForAda.add(sid);
                }
            }
        }
    }

    private static String path(String query) {
        return "/v1/Services/" + service + "/Bindings?" + query;
    }

    @Test
    void twoTagsOfDifferentDensityListExactlyTheirIntersectionInOrder() {
        List<String> expected = sorted(both);
        assertThat(common).hasSizeGreaterThan(2_000); // more than a tag probe walks, so density decides
        assertThat(listAll(http, path("Tag=common&Tag=rare&PageSize=2"), "bindings")).isEqualTo(expected);
        assertThat(listAll(http, path("Tag=rare&Tag=common&PageSize=3"), "bindings")).isEqualTo(expected);
        assertThat(listAll(http, path("Tag=rare&Tag=common&Tag=fcm&PageSize=4"), "bindings")).isEqualTo(expected);
        assertThat(listAll(http, path("Tag=common&Tag=apn&PageSize=1000"), "bindings")).hasSize(common.size() - both.size());
    }

    @Test
    void identityWithTagsListsTheIdentitysMatchingBindings() {
        assertThat(listAll(http, path("Identity=ada&Tag=common&Tag=rare&PageSize=1"), "bindings"))
                .isEqualTo(sorted(bothForAda)).isNotEmpty();
    }

    @Test
    void previousPagesOfATwoTagListGoBackExactly() {
        List<String> expected = sorted(both);
        JsonNode page = http.get(path("Tag=rare&Tag=common&PageSize=2")).json();
        List<JsonNode> forward = new ArrayList<>();
        while (true) {
            forward.add(page);
            JsonNode next = page.get("meta").get("next_page_url");
            if (next.isNull()) {
                break;
            }
            page = http.get(next.asText()).json();
        }
        assertThat(forward.size()).isEqualTo((expected.size() + 1) / 2);
        for (int i = forward.size() - 1; i > 0; i--) {
            JsonNode previous = http.get(forward.get(i).get("meta").get("previous_page_url").asText()).json();
            assertThat(previous.get("bindings")).isEqualTo(forward.get(i - 1).get("bindings"));
        }
    }

    /** List order is date_created then SID; rows here share few seconds, so sort them the same way. */
    private List<String> sorted(List<String> sids) {
        List<String> all = listAll(http, path("PageSize=1000"), "bindings");
        List<String> ordered = new ArrayList<>(all);
        ordered.retainAll(sids);
        assertThat(ordered).hasSameSizeAs(sids);
        return Collections.unmodifiableList(ordered);
    }
}
