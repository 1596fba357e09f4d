package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.Herald;
import dev.herald.config.DbConfig;
import dev.herald.domain.Sids;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.ProcessWorkspace;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tag masks across an upgrade, on the engine under test: a store written before migration V3 gets the migration
 * for real (the test takes the column away again and forgets V3), lists by several tags are exact while masks
 * are unknown, half filled and filled, and the fill resumes where an interrupted one stopped, while Herald serves.
 */
@Timeout(180)
class TagMaskUpgradeTest {
    private static final List<String> VOCABULARY = List.of("news", "sport", "vip", "beta", "eu", "us", "ios", "late");
    /** The test's own directory (its data directory, beside it the processes' logs) and database. */
    private ProcessWorkspace work;
    private Path dir;
    private String url;
    private TestHerald herald;
    private RawHttp http;
    private String service;
    /** Each Binding's tags, by SID. */
    private final Map<String, List<String>> tags = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        work = ProcessWorkspace.create("herald-masks");
        dir = Files.createDirectory(work.data());
        url = work.dbUrl();
        herald = TestHerald.startOn(dir, db(), null, Sids.next(Sids.ACCOUNT),
                UUID.randomUUID().toString().replace("-", ""));
        http = new RawHttp(herald);
        service = http.post("/v1/Services", RawHttp.form("FriendlyName", "masks")).json().get("sid").asText();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            List<String> chosen = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            while (chosen.size() < count) {
                String tag = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
                if (!chosen.contains(tag)) {
                    chosen.add(tag);
                }
            }
            create("user-" + i, "addr-" + i, chosen);
        }
    }

    @AfterEach
    void stop() {
        herald.close();
        work.close();
    }

    private DbConfig db() {
        return DbConfig.parse(url, dir, 4);
    }

    private Jdbi jdbi() {
        return Jdbi.create(url == null ? "jdbc:sqlite:" + db().sqliteFile() : url);
    }

    private void create(String identity, String address, List<String> bindingTags) {
        List<String> form = new ArrayList<>(List.of("Identity", identity, "BindingType", "apn", "Address", address));
        bindingTags.forEach(tag -> form.addAll(List.of("Tag", tag)));
        RawHttp.Reply reply = http.post("/v1/Services/" + service + "/Bindings",
                RawHttp.form(form.toArray(String[]::new)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        tags.put(reply.json().get("sid").asText(), List.copyOf(bindingTags));
    }

    /** Every page of a list of the Service's Bindings, three to a page, following next_page_url. */
    private List<String> list(List<String> filter) {
        StringBuilder query = new StringBuilder("/v1/Services/" + service + "/Bindings?PageSize=3");
        filter.forEach(tag -> query.append("&Tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8)));
        List<String> sids = new ArrayList<>();
        String next = query.toString();
        while (next != null) {
            RawHttp.Reply reply = http.get(next);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("bindings").forEach(b -> sids.add(b.get("sid").asText()));
            JsonNode nextUrl = page.get("meta").get("next_page_url");
            next = nextUrl.isNull() ? null : nextUrl.asText();
        }
        return sids;
    }

    /** Every pair and some triples of the vocabulary list exactly the Bindings that carry them all, in order. */
    private void assertListsExact() {
        List<String> all = list(List.of());
        assertThat(all).containsExactlyInAnyOrderElementsOf(tags.keySet());
        List<List<String>> filters = new ArrayList<>();
        for (int a = 0; a < VOCABULARY.size(); a++) {
            for (int b = a + 1; b < VOCABULARY.size(); b++) {
                filters.add(List.of(VOCABULARY.get(a), VOCABULARY.get(b)));
            }
        }
        filters.add(List.of("news", "sport", "vip"));
        filters.add(List.of("late", "eu", "ios"));
        int nonEmpty = 0;
        for (List<String> filter : filters) {
            List<String> expected = all.stream().filter(sid -> tags.get(sid).containsAll(filter)).toList();
            assertThat(list(filter)).as("Tag=%s", filter).isEqualTo(expected);
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).as("filters that match something").isGreaterThan(20);
    }

    /** The mask of every tag row: each Binding's rows carry its tag set's mask, or UNKNOWN. */
    private Map<String, Long> masks() {
        Map<String, Long> masks = new LinkedHashMap<>();
        jdbi().useHandle(h -> h.createQuery("SELECT binding_sid, tag, tag_mask FROM binding_tags")
                .map((rs, ctx) -> Map.entry(rs.getString(1) + " " + rs.getString(2), rs.getLong(3)))
                .forEach(e -> masks.put(e.getKey(), e.getValue())));
        return masks;
    }

    private long rowsWith(long mask) {
        return masks().values().stream().filter(m -> m == mask).count();
    }

    private int tagRows() {
        return tags.values().stream().mapToInt(List::size).sum();
    }

    private void assertEveryMaskFilled() {
        Map<String, Long> expected = new LinkedHashMap<>();
        tags.forEach((sid, set) -> set.forEach(tag -> expected.put(sid + " " + tag, TagMask.of(set))));
        assertThat(masks()).isEqualTo(expected);
    }

    /** Takes the store back to how Herald left it before V3: no mask column, none of the later migrations applied. */
    private void downgradeToV2() {
        jdbi().useHandle(h -> SchemaDowngrade.toV2(db().isSqlite()).forEach(h::execute));
    }

    private String fillPosition() {
        return jdbi().withHandle(h -> h.createQuery("SELECT value FROM settings WHERE name = 'tag_mask_fill'")
                .mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void bindingsCreatedNowCarryTheirMaskAndNothingIsLeftToFill() {
        assertEveryMaskFilled();
        assertThat(fillPosition()).isNull();
        assertListsExact();
    }

    @Test
    void anUpgradedStoreListsExactlyBeforeDuringAndAfterAnInterruptedFill() {
        herald.close();
        downgradeToV2();
        herald.restart(); // applies V3 to a store with tag rows
        http = new RawHttp(herald);
        assertThat(rowsWith(TagMask.UNKNOWN)).isEqualTo(tagRows());
        assertThat(fillPosition()).isEmpty();
        assertListsExact();

        create("late-user", "addr-late", List.of("news", "late"));
        String gone = tags.keySet().iterator().next();
        assertThat(http.delete("/v1/Services/" + service + "/Bindings/" + gone).status()).isEqualTo(204);
        tags.remove(gone);
        assertThat(rowsWith(TagMask.of(List.of("news", "late")))).isEqualTo(2);

        AtomicInteger batches = new AtomicInteger();
        assertThatThrownBy(() -> Herald.withDatabase(db(), dir, database -> database.fillTagMasks(7, done -> {
            if (batches.incrementAndGet() == 2) {
                throw new IllegalStateException("interrupted after " + done);
            }
        }))).hasMessage("interrupted after 14");
        assertThat(fillPosition()).isNotEmpty();
        long unknown = rowsWith(TagMask.UNKNOWN);
        assertThat(unknown).isPositive().isLessThan(tagRows() - 2);
        assertListsExact();

        HeraldProcess migrate = HeraldProcess.run(dir, work.env(Map.of()),
                "migrate", "--data", dir.toString());
        assertThat(migrate.waitFor(120)).as(migrate.output()).isZero();
        assertThat(migrate.output()).contains("Filled the tag masks of " + (tags.size() - 14) + " Bindings");
        assertThat(migrate.output().contains("REINDEX INDEX CONCURRENTLY binding_tags_pkey")).isEqualTo(url != null);
        assertThat(fillPosition()).isNull();
        assertEveryMaskFilled();
        assertListsExact();

        HeraldProcess again = HeraldProcess.run(dir, work.env(Map.of()),
                "migrate", "--data", dir.toString());
        assertThat(again.waitFor(120)).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("Filled").contains("is up to date");
    }
}
