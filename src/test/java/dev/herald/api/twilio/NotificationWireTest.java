package dev.herald.api.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.BindingType;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.Notification;
import dev.herald.domain.Position;
import dev.herald.domain.Priority;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Slice;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire side of Notifications without HTTP: JSON parameters read, the JSON shapes, delivery page tokens. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationWireTest {
    private static final String SID = "NT" + "1".repeat(32);
    private static final String ACCOUNT = "AC" + "2".repeat(32);
    private static final String SERVICE = "IS" + "3".repeat(32);

    private static String write(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    @Test
    void jsonKeepsKeyOrderAndNumbersAsWritten() throws Exception {
        String text = "{\"z\":1,\"a\":1.50,\"m\":[1e3,12345678901234567890,-0.0,true,null],\"o\":{\"k\":\"v\"}}";
        Object value = Json.read(text);
        assertThat(value).isInstanceOf(LinkedHashMap.class);
        assertThat(List.<Object>copyOf(((Map<?, ?>) value).keySet())).containsExactly("z", "a", "m", "o");
        assertThat(((Map<?, ?>) value).get("a")).isEqualTo(new BigDecimal("1.50"));
        assertThat(write(value)).isEqualTo("{\"z\":1,\"a\":1.50,\"m\":[1E+3,12345678901234567890,0.0,true,null],"
                + "\"o\":{\"k\":\"v\"}}");
    }

    @Test
    void jsonOtherValuesAndNull() throws Exception {
        assertThat(Json.read("null")).isNull();
        assertThat(Json.read("[1]")).isEqualTo(List.of(1));
        assertThat(Json.read("\"s\"")).isEqualTo("s");
        assertThat(Json.read(" {} ")).isEqualTo(Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1}x", "{\"a\":1}{}", "{a:1}", "{'a':1}", "{\"a\":1,\"a\":2}",
            "{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}", "[\"x\\u0000\"]", "NaN", "{\"a\":01}", "\"unterminated"})
    void malformedJsonIsRefusedWithoutRepeatingIt(String text) {
        assertThatThrownBy(() -> Json.read(text)).isInstanceOf(Json.MalformedJsonException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\"").doesNotContain("a:1"));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> Json.read(deep)).isInstanceOf(Json.MalformedJsonException.class);
    }

    private static Notification notification() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", new BigDecimal("2.50"));
        data.put("a", null);
        return new Notification(SID, ACCOUNT, SERVICE, 1_458_862_948L, List.of("jing"), List.of(), List.of(),
                Priority.HIGH, Notification.MAX_TTL, "test", "body", null, null, data, null, null, null, null, null,
                null, List.of(new DirectTarget(BindingType.SMS, "+15555550100")), "https://example.com/cb");
    }

    @Test
    void createEchoIsTheSpecExampleShape() {
        assertThat(write(Views.notification(notification()))).isEqualTo("{\"sid\":\"" + SID + "\",\"account_sid\":\""
                + ACCOUNT + "\",\"service_sid\":\"" + SERVICE + "\",\"date_created\":\"2016-03-24T23:42:28Z\","
                + "\"identities\":[\"jing\"],\"tags\":[],\"segments\":[],\"priority\":\"high\",\"ttl\":2419200,"
                + "\"title\":\"test\",\"body\":\"body\",\"sound\":null,\"action\":null,"
                + "\"data\":{\"b\":2.50,\"a\":null},\"apn\":null,\"fcm\":null,\"gcm\":null,\"sms\":null,"
                + "\"facebook_messenger\":null,\"alexa\":null}");
    }

    @Test
    void readsAddTheDeliveryCounts() {
        String json = write(Views.sentNotification(new SentNotification(notification(),
                new DeliveryCounts(DeliveryCounts.State.SENDING, 5, 1, 2, 1, 1, null))));
        assertThat(json).startsWith(write(Views.notification(notification())).replaceAll("}$", ""))
                .endsWith(",\"delivery\":{\"state\":\"sending\",\"total\":5,\"queued\":1,\"delivered\":2,"
                        + "\"rejected\":1,\"expired\":1,\"warning\":null}}");
    }

    @Test
    void deliveryShape() {
        Delivery d = new Delivery(7, SID, null, BindingType.SMS, null, "+15555550100", DeliveryStatus.REJECTED, 2,
                52001, "invalid", null, "{\"To\":\"+15555550100\",\"n\":1.0}", 1_458_862_948L, 1_458_862_950L);
        assertThat(write(Views.delivery(d))).isEqualTo("{\"binding_sid\":null,\"binding_type\":\"sms\","
                + "\"identity\":null,\"address\":\"+15555550100\",\"status\":\"rejected\",\"attempts\":2,"
                + "\"error_code\":52001,\"error_message\":\"invalid\",\"provider_message_id\":null,"
                + "\"date_created\":\"2016-03-24T23:42:28Z\",\"date_updated\":\"2016-03-24T23:42:30Z\","
                + "\"request\":{\"To\":\"+15555550100\",\"n\":1.0}}");
        Delivery none = new Delivery(8, SID, "BS" + "4".repeat(32), BindingType.APN, "alice", "tok",
                DeliveryStatus.QUEUED, 0, null, null, null, null, 0, 0);
        assertThat(write(Views.delivery(none))).contains("\"request\":null").contains("\"error_code\":null");
    }

    @Test
    void deliveryPagesUseIdTokens() {
        Paging.Params first = Paging.parseIds(Form.parse("PageSize=2"));
        Slice<Long> slice = new Slice<>(List.of(11L, 12L), true);
        Map<String, Object> body = Paging.body("deliveries", "https://h/v1/x/Deliveries",
                List.of(Map.entry("Status", "queued")), first, slice, id -> new Position(0, Long.toString(id)),
                id -> id);
        @SuppressWarnings("unchecked")
        String next = (String) ((Map<String, Object>) body.get("meta")).get("next_page_url");
        assertThat(next).isEqualTo("https://h/v1/x/Deliveries?Status=queued&PageSize=2&Page=1&PageToken=PA0_12");
        Paging.Params second = Paging.parseIds(Form.parse("PageSize=2&Page=1&PageToken=PA0_12"));
        assertThat(second.request().after()).isEqualTo(new Position(0, "12"));
        assertThat(Paging.parseIds(Form.parse("PageToken=PB0_0012")).request().before())
                .isEqualTo(new Position(0, "12"));
        for (String bad : List.of("PA12", "PA1_12", "PA0_", "PA0_-1", "PC0_1", "PA0_1x", "PA0_" + "9".repeat(19),
                "PA1458862948_NT" + "1".repeat(32))) {
            assertThatThrownBy(() -> Paging.parseIds(Form.parse("PageToken=" + bad)))
                    .as(bad).isInstanceOf(TwilioException.class);
        }
        // and SID tokens still parse as before, and refuse id tokens
        assertThat(Paging.parse(Form.parse("PageToken=PA5_NT" + "1".repeat(32))).request().after())
                .isEqualTo(new Position(5, "NT" + "1".repeat(32)));
        assertThatThrownBy(() -> Paging.parse(Form.parse("PageToken=PA0_12"))).isInstanceOf(TwilioException.class);
    }
}
