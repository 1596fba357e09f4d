package dev.herald.api.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.Position;
import dev.herald.domain.Slice;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PagingTest {
    private static final String SID_A = "BS" + "a".repeat(32);
    private static final String SID_B = "BS" + "b".repeat(32);
    private static final String SID_C = "BS" + "c".repeat(32);
    private static final String LIST = "https://notify.twilio.com/v1/Services/IS" + "0".repeat(32) + "/Bindings";

    private record Item(long created, String sid) {
    }

    private static Map<String, Object> body(List<Map.Entry<String, String>> filters, Paging.Params params,
                                            Slice<Item> slice) {
        return Paging.body("bindings", LIST, filters, params, slice, i -> new Position(i.created(), i.sid()),
                Item::sid);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> body) {
        return (Map<String, Object>) body.get("meta");
    }

    private static void assertInvalid(String query, String parameter) {
        assertThatThrownBy(() -> Paging.parse(Form.parse(query))).isInstanceOfSatisfying(TwilioException.class, e -> {
            assertThat(e.error()).isEqualTo(TwilioError.INVALID_PARAMETER);
            assertThat(e.getMessage()).contains(parameter);
        });
    }

    @Test
    void defaults() {
        Paging.Params p = Paging.parse(Form.EMPTY);
        assertThat(p.size()).isEqualTo(50);
        assertThat(p.page()).isZero();
        assertThat(p.token()).isNull();
        assertThat(p.request().size()).isEqualTo(50);
        assertThat(p.request().after()).isNull();
        assertThat(p.request().before()).isNull();
    }

    @Test
    void sizeBounds() {
        assertThat(Paging.parse(Form.parse("PageSize=1")).size()).isEqualTo(1);
        assertThat(Paging.parse(Form.parse("PageSize=1000")).size()).isEqualTo(1000);
        assertThat(Paging.parse(Form.parse("PageSize=7&PageSize=9")).size()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "1.5", "99999999999", "0x10", "1e3"})
    void badSizes(String size) {
        assertInvalid("PageSize=" + size, "PageSize");
    }

    /** Numbers are ASCII digits only: Integer.parseInt alone takes other scripts' digits and a leading +. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0665", "\u0661\u0660", "\uff15", "\u0967\u0966", "\u06f5", "+5", "5\u0660"})
    void nonAsciiDigitsAreNotNumbers(String number) {
        assertInvalid("PageSize=" + number.replace("+", "%2B"), "PageSize");
        assertInvalid("Page=" + number.replace("+", "%2B"), "Page");
    }

    @Test
    void theLargestPageDoesNotOverflowIntoTheNextUrl() {
        Paging.Params params = Paging.parse(Form.parse("PageSize=1&Page=2147483647&PageToken=PA10_" + SID_A));
        assertThat(params.page()).isEqualTo(Integer.MAX_VALUE);
        Map<String, Object> meta = meta(body(List.of(), params, new Slice<>(List.of(new Item(10, SID_B)), true)));
        String next = (String) meta.get("next_page_url");
        assertThat(next).isEqualTo(LIST + "?PageSize=1&Page=2147483647&PageToken=PA10_" + SID_B);
        assertThat(Paging.parse(Form.parse(URI.create(next).getRawQuery())).page()).isEqualTo(Integer.MAX_VALUE);
        assertInvalid("Page=2147483648", "Page");
    }

    @Test
    void pageIsAnEcho() {
        assertThat(Paging.parse(Form.parse("Page=7")).page()).isEqualTo(7);
        assertInvalid("Page=abc", "Page");
        assertInvalid("Page=-1", "Page");
    }

    @Test
    void tokensRoundTrip() {
        Paging.Params after = Paging.parse(Form.parse("PageToken=PA1438286400_" + SID_A + "&Page=3"));
        assertThat(after.token()).isEqualTo("PA1438286400_" + SID_A);
        assertThat(after.request().after()).isEqualTo(new Position(1438286400L, SID_A));
        assertThat(after.request().before()).isNull();
        Paging.Params before = Paging.parse(Form.parse("PageToken=PB5_" + SID_B));
        assertThat(before.request().before()).isEqualTo(new Position(5, SID_B));
        assertThat(before.request().backward()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "PA", "PA1", "PA1_", "PC1_BSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "PA-1_BSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "PA1_BSaaaa", "PA1_bsaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "PA1234567890123_BSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "PA1_BSgggggggggggggggggggggggggggggggg",
            "PA1_BSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ", "pa1_BSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void garbageTokensAreInvalid(String token) {
        assertInvalid("PageToken=" + token.replace(" ", "+"), "PageToken");
    }

    @Test
    void firstPageOfOne() {
        Map<String, Object> body = body(List.of(), Paging.parse(Form.EMPTY),
                new Slice<>(List.of(new Item(1, SID_A)), false));
        assertThat(body).containsOnlyKeys("bindings", "meta");
        assertThat(body.get("bindings")).isEqualTo(List.of(SID_A));
        Map<String, Object> meta = meta(body);
        assertThat(meta).containsOnlyKeys("page", "page_size", "first_page_url", "previous_page_url", "url",
                "next_page_url", "key");
        assertThat(meta.get("page")).isEqualTo(0);
        assertThat(meta.get("page_size")).isEqualTo(50);
        assertThat(meta.get("key")).isEqualTo("bindings");
        assertThat(meta.get("first_page_url")).isEqualTo(LIST + "?PageSize=50&Page=0");
        assertThat(meta.get("url")).isEqualTo(LIST + "?PageSize=50&Page=0");
        assertThat(meta.get("next_page_url")).isNull();
        assertThat(meta.get("previous_page_url")).isNull();
    }

    @Test
    void nextUrlRepeatsEncodedFiltersAndPointsAfterTheLastItem() {
        List<Map.Entry<String, String>> filters = List.of(Map.entry("StartDate", "2024-01-01"),
                Map.entry("Tag", "a b&c=ü"), Map.entry("Tag", "x"), Map.entry("Identity", "+1 555"));
        Paging.Params params = Paging.parse(Form.parse("PageSize=2"));
        Map<String, Object> meta = meta(body(filters, params,
                new Slice<>(List.of(new Item(10, SID_A), new Item(10, SID_B)), true)));
        String next = (String) meta.get("next_page_url");
        assertThat(next).isEqualTo(LIST + "?StartDate=2024-01-01&Tag=a+b%26c%3D%C3%BC&Tag=x&Identity=%2B1+555"
                + "&PageSize=2&Page=1&PageToken=PA10_" + SID_B);
        URI.create(next);
        assertThat((String) meta.get("first_page_url")).isEqualTo(LIST + "?StartDate=2024-01-01&Tag=a+b%26c%3D%C3%BC"
                + "&Tag=x&Identity=%2B1+555&PageSize=2&Page=0");
        // the next URL parses back to the same filters and an after-position
        Form back = Form.parse(URI.create(next).getRawQuery());
        assertThat(back.all("Tag")).containsExactly("a b&c=ü", "x");
        assertThat(back.first("Identity")).isEqualTo("+1 555");
        Paging.Params again = Paging.parse(back);
        assertThat(again.page()).isEqualTo(1);
        assertThat(again.request().after()).isEqualTo(new Position(10, SID_B));
    }

    @Test
    void middlePageHasPreviousBeforeItsFirstItem() {
        Paging.Params params = Paging.parse(Form.parse("PageSize=2&Page=1&PageToken=PA10_" + SID_A));
        Map<String, Object> meta = meta(body(List.of(), params,
                new Slice<>(List.of(new Item(10, SID_B), new Item(11, SID_C)), true)));
        assertThat(meta.get("page")).isEqualTo(1);
        assertThat(meta.get("url")).isEqualTo(LIST + "?PageSize=2&Page=1&PageToken=PA10_" + SID_A);
        assertThat(meta.get("previous_page_url")).isEqualTo(LIST + "?PageSize=2&Page=0&PageToken=PB10_" + SID_B);
        assertThat(meta.get("next_page_url")).isEqualTo(LIST + "?PageSize=2&Page=2&PageToken=PA11_" + SID_C);
        assertThat(meta.get("first_page_url")).isEqualTo(LIST + "?PageSize=2&Page=0");
    }

    @Test
    void lastPageHasNoNext() {
        Paging.Params params = Paging.parse(Form.parse("PageSize=2&Page=1&PageToken=PA10_" + SID_A));
        Map<String, Object> meta = meta(body(List.of(), params,
                new Slice<>(List.of(new Item(10, SID_B)), false)));
        assertThat(meta.get("next_page_url")).isNull();
        assertThat(meta.get("previous_page_url")).isNotNull();
    }

    @Test
    void emptyPageAfterAToken() {
        Paging.Params params = Paging.parse(Form.parse("PageSize=2&Page=4&PageToken=PA10_" + SID_A));
        Map<String, Object> meta = meta(body(List.of(), params, new Slice<>(List.of(), false)));
        assertThat(meta.get("next_page_url")).isNull();
        assertThat(meta.get("previous_page_url")).isEqualTo(meta.get("first_page_url"));
    }

    @Test
    void backwardPageLinksBothWays() {
        Paging.Params params = Paging.parse(Form.parse("PageSize=2&Page=1&PageToken=PB20_" + SID_C));
        Map<String, Object> more = meta(body(List.of(), params,
                new Slice<>(List.of(new Item(10, SID_A), new Item(11, SID_B)), true)));
        assertThat(more.get("next_page_url")).isEqualTo(LIST + "?PageSize=2&Page=2&PageToken=PA11_" + SID_B);
        assertThat(more.get("previous_page_url")).isEqualTo(LIST + "?PageSize=2&Page=0&PageToken=PB10_" + SID_A);
        Map<String, Object> start = meta(body(List.of(), Paging.parse(Form.parse("PageSize=2&Page=0&PageToken=PB20_"
                + SID_C)), new Slice<>(List.of(new Item(10, SID_A), new Item(11, SID_B)), false)));
        assertThat(start.get("previous_page_url")).isNull();
        assertThat(start.get("next_page_url")).isEqualTo(LIST + "?PageSize=2&Page=1&PageToken=PA11_" + SID_B);
    }

    @Test
    void itemsAreRenderedInOrder() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add(new Item(i, "BS" + String.valueOf(i).repeat(32)));
        }
        Map<String, Object> body = body(List.of(), Paging.parse(Form.parse("PageSize=5")), new Slice<>(items, true));
        assertThat(body.get("bindings")).isEqualTo(items.stream().map(Item::sid).toList());
    }
}
