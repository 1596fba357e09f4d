package dev.herald.compat;

import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.invalid;
import static dev.herald.compat.Contract.notFound;
import static dev.herald.compat.Contract.randomSid;
import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.service.Notification;
import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notifications through the official Twilio Java SDK: the fields it reads, JSON parameters as maps, refusals. */
@Timeout(60)
class NotificationContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();
    private final Fixtures fixture = herald.fixture();

    @Test
    void identityNotificationWithDefaults() {
        String service = fixture.service("notifications");
        Notification n = Notification.creator(service).setIdentity("jing").setBody("body").setTitle("test")
                .create(client);
        assertThat(n.getSid()).matches("NT" + SID_HEX);
        assertThat(n.getAccountSid()).isEqualTo(herald.accountSid());
        assertThat(n.getServiceSid()).isEqualTo(service);
        assertThat(n.getDateCreated()).isNotNull().isBefore(ZonedDateTime.now().plusMinutes(1));
        assertThat(n.getIdentities()).containsExactly("jing");
        assertThat(n.getTags()).isEmpty();
        assertThat(n.getSegments()).isEmpty();
        assertThat(n.getPriority()).isEqualTo(Notification.Priority.HIGH);
        assertThat(n.getTtl()).isEqualTo(2_419_200);
        assertThat(n.getTitle()).isEqualTo("test");
        assertThat(n.getBody()).isEqualTo("body");
        assertThat(n.getSound()).isNull();
        assertThat(n.getAction()).isNull();
        assertThat(n.getData()).isNull();
        assertThat(n.getApn()).isNull();
        assertThat(n.getFcm()).isNull();
        assertThat(n.getGcm()).isNull();
        assertThat(n.getSms()).isNull();
        assertThat(n.getFacebookMessenger()).isNull();
        assertThat(n.getAlexa()).isNull();
    }

    @Test
    void everyParameterIsEchoed() {
        String service = fixture.service("notifications");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", "42");
        data.put("count", 3);
        data.put("nested", Map.of("k", "v"));
        Notification n = Notification.creator(service)
                .setIdentity(List.of("alice", "bob"))
                .setTag(List.of("vip", "all"))
                .setPriority(Notification.Priority.LOW)
                .setTtl(3600)
                .setTitle("Title")
                .setBody("Body")
                .setSound("default")
                .setAction("CATEGORY")
                .setData(data)
                .setApn(Map.of("aps", Map.of("badge", 1)))
                .setFcm(Map.of("notification", Map.of("title", "t")))
                .setGcm(Map.of("priority", "high"))
                .setSms(Map.of("body", "sms body", "media_urls", List.of("https://example.com/a.png")))
                .setFacebookMessenger(Map.of("text", "x"))
                .setAlexa(Map.of())
                .setDeliveryCallbackUrl("https://example.com/callback")
                .create(client);
        assertThat(n.getIdentities()).containsExactly("alice", "bob");
        assertThat(n.getTags()).containsExactly("vip", "all");
        assertThat(n.getPriority()).isEqualTo(Notification.Priority.LOW);
        assertThat(n.getTtl()).isEqualTo(3600);
        assertThat(n.getSound()).isEqualTo("default");
        assertThat(n.getAction()).isEqualTo("CATEGORY");
        assertThat(n.getData()).containsEntry("order_id", "42").containsEntry("count", 3)
                .containsEntry("nested", Map.of("k", "v"));
        assertThat(n.getApn()).containsEntry("aps", Map.of("badge", 1));
        assertThat(n.getFcm()).containsKey("notification");
        assertThat(n.getGcm()).containsEntry("priority", "high");
        assertThat(n.getSms()).containsEntry("media_urls", List.of("https://example.com/a.png"));
        assertThat(n.getFacebookMessenger()).containsEntry("text", "x");
        assertThat(n.getAlexa()).isEmpty();
    }

    @Test
    void fractionsKeepTheirValue() {
        String service = fixture.service("notifications");
        Notification n = Notification.creator(service).setIdentity("a")
                .setData(Map.of("price", new BigDecimal("1.50"))).create(client);
        assertThat(new BigDecimal(n.getData().get("price").toString())).isEqualByComparingTo("1.5");
    }

    @Test
    void toBindingNotification() {
        String service = fixture.service("notifications");
        Notification n = Notification.creator(service)
                .setToBinding(List.of("{\"binding_type\":\"sms\",\"address\":\"+15555550100\"}",
                        "{\"binding_type\":\"apn\",\"address\":\"0efb85d0\"}"))
                .setBody("body").create(client);
        assertThat(n.getSid()).matches("NT" + SID_HEX);
        assertThat(n.getIdentities()).isEmpty();
        assertThat(n.getTitle()).isNull();
        assertThat(n.getBody()).isEqualTo("body");
    }

    @Test
    void segmentNotification() {
        String service = fixture.service("notifications");
        Notification n = Notification.creator(service).setSegment("old-segment").setBody("b").create(client);
        assertThat(n.getSegments()).containsExactly("old-segment");
    }

    @Test
    void refusals() {
        String service = fixture.service("notifications");
        ApiException both = invalid(() -> Notification.creator(service).setIdentity("a")
                .setToBinding("{\"binding_type\":\"sms\",\"address\":\"+15555550100\"}").create(client));
        assertThat(both.getMessage()).contains("ToBinding");
        assertThat(invalid(() -> Notification.creator(service).setBody("b").create(client)).getMessage())
                .contains("Identity");
        assertThat(invalid(() -> Notification.creator(service).setIdentity("a")
                .setData(Map.of("twi_body", "x")).create(client)).getMessage()).contains("Data");
        assertThat(invalid(() -> Notification.creator(service).setIdentity("a")
                .setFcm(Map.of("to", "x")).create(client)).getMessage()).contains("Fcm");
        assertThat(invalid(() -> Notification.creator(service).setIdentity("a").setTtl(2_419_201).create(client))
                .getMessage()).contains("Ttl");
        assertThat(invalid(() -> Notification.creator(service)
                .setTag(List.of("1", "2", "3", "4", "5", "6")).create(client)).getMessage()).contains("Tag");
        String unknown = randomSid("IS");
        notFound(() -> Notification.creator(unknown).setIdentity("a").create(client),
                "/Services/" + unknown + "/Notifications");
    }
}
