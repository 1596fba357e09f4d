package dev.herald.api.twilio;

import dev.herald.domain.ApiKey;
import dev.herald.domain.Binding;
import dev.herald.domain.Credential;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryCounts;
import dev.herald.domain.Notification;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of Notify resources, property order as in Twilio's spec. */
public final class Views {
    private Views() {
    }

    public record ServiceView(String sid, String accountSid, String friendlyName, String dateCreated,
                              String dateUpdated, String apnCredentialSid, String gcmCredentialSid,
                              String fcmCredentialSid, String messagingServiceSid, String facebookMessengerPageId,
                              String defaultApnNotificationProtocolVersion,
                              String defaultGcmNotificationProtocolVersion,
                              String defaultFcmNotificationProtocolVersion, boolean logEnabled, String url,
                              Map<String, String> links, String alexaSkillId,
                              String defaultAlexaNotificationProtocolVersion, String deliveryCallbackUrl,
                              boolean deliveryCallbackEnabled) {
    }

    public record CredentialView(String sid, String accountSid, String friendlyName, String type, String sandbox,
                                 String dateCreated, String dateUpdated, String url) {
    }

    public record BindingView(String sid, String accountSid, String serviceSid, String credentialSid,
                              String dateCreated, String dateUpdated, String notificationProtocolVersion,
                              String endpoint, String identity, String bindingType, String address,
                              List<String> tags, String url, Map<String, String> links) {
    }

    /** A Notification as its create answers it: the spec's keys in the spec example's order, no url or links. */
    public record NotificationView(String sid, String accountSid, String serviceSid, String dateCreated,
                                   List<String> identities, List<String> tags, List<String> segments,
                                   String priority, int ttl, String title, String body, String sound, String action,
                                   Map<String, Object> data, Map<String, Object> apn, Map<String, Object> fcm,
                                   Map<String, Object> gcm, Map<String, Object> sms,
                                   Map<String, Object> facebookMessenger, Map<String, Object> alexa) {
    }

    /** A Notification as Herald's reads (fetch, list) answer it: the create's keys, then {@code delivery}. */
    public record SentNotificationView(String sid, String accountSid, String serviceSid, String dateCreated,
                                       List<String> identities, List<String> tags, List<String> segments,
                                       String priority, int ttl, String title, String body, String sound,
                                       String action, Map<String, Object> data, Map<String, Object> apn,
                                       Map<String, Object> fcm, Map<String, Object> gcm, Map<String, Object> sms,
                                       Map<String, Object> facebookMessenger, Map<String, Object> alexa,
                                       DeliveryCountsView delivery) {
    }

    /** {@code warning}: 52301 when the send matched no Binding, else null. */
    public record DeliveryCountsView(String state, long total, long queued, long delivered, long rejected,
                                     long expired, Integer warning) {
    }

    /** One delivery of a Notification; {@code binding_sid} is null for a {@code ToBinding} address. */
    public record DeliveryView(String bindingSid, String bindingType, String identity, String address,
                               String status, int attempts, Integer errorCode, String errorMessage,
                               String providerMessageId, String dateCreated, String dateUpdated, Object request) {
    }

    public static NotificationView notification(Notification n) {
        return new NotificationView(n.sid(), n.accountSid(), n.serviceSid(), Dates.format(n.dateCreated()),
                n.identities(), n.tags(), n.segments(), n.priority().wire(), n.ttl(), n.title(), n.body(), n.sound(),
                n.action(), n.data(), n.apn(), n.fcm(), n.gcm(), n.sms(), n.facebookMessenger(), n.alexa());
    }

    public static SentNotificationView sentNotification(SentNotification sent) {
        Notification n = sent.notification();
        DeliveryCounts c = sent.counts();
        return new SentNotificationView(n.sid(), n.accountSid(), n.serviceSid(), Dates.format(n.dateCreated()),
                n.identities(), n.tags(), n.segments(), n.priority().wire(), n.ttl(), n.title(), n.body(), n.sound(),
                n.action(), n.data(), n.apn(), n.fcm(), n.gcm(), n.sms(), n.facebookMessenger(), n.alexa(),
                new DeliveryCountsView(c.state().wire(), c.total(), c.queued(), c.delivered(), c.rejected(),
                        c.expired(), c.warning()));
    }

    /** {@code request}, the provider request as stored JSON text, is returned parsed (null when absent). */
    public static DeliveryView delivery(Delivery d) {
        return new DeliveryView(d.bindingSid(), d.bindingType().wire(), d.identity(), d.address(), d.status().wire(),
                d.attempts(), d.errorCode(), d.errorMessage(), d.providerMessageId(), Dates.format(d.dateCreated()),
                Dates.format(d.dateUpdated()), Json.readOrNull(d.request()));
    }

    public static ServiceView service(Service s, String base) {
        String url = base + "/v1/Services/" + s.sid();
        return new ServiceView(s.sid(), s.accountSid(), s.friendlyName(), Dates.format(s.dateCreated()),
                Dates.format(s.dateUpdated()), s.apnCredentialSid(), s.gcmCredentialSid(), s.fcmCredentialSid(),
                s.messagingServiceSid(), s.facebookMessengerPageId(), s.defaultApnNotificationProtocolVersion(),
                s.defaultGcmNotificationProtocolVersion(), s.defaultFcmNotificationProtocolVersion(), s.logEnabled(),
                url, links("bindings", url + "/Bindings", "notifications", url + "/Notifications",
                        "segments", url + "/Segments", "users", url + "/Users"),
                s.alexaSkillId(), s.defaultAlexaNotificationProtocolVersion(), s.deliveryCallbackUrl(),
                s.deliveryCallbackEnabled());
    }

    public static CredentialView credential(Credential c, String base) {
        Boolean sandbox = c.secrets().sandbox();
        return new CredentialView(c.sid(), c.accountSid(), c.friendlyName(), c.type().wire(),
                Boolean.TRUE.equals(sandbox) ? "True" : "False", Dates.format(c.dateCreated()),
                Dates.format(c.dateUpdated()), base + "/v1/Credentials/" + c.sid());
    }

    public static BindingView binding(Binding b, String base) {
        String service = base + "/v1/Services/" + b.serviceSid();
        return new BindingView(b.sid(), b.accountSid(), b.serviceSid(), b.credentialSid(),
                Dates.format(b.dateCreated()), Dates.format(b.dateUpdated()), b.notificationProtocolVersion(),
                b.endpoint(), b.identity(), b.bindingType().wire(), b.address(), b.tags(),
                service + "/Bindings/" + b.sid(),
                links("user", service + "/Users/" + URLEncoder.encode(b.identity(), StandardCharsets.UTF_8)
                        .replace("+", "%20")));
    }

    /** An API key as fetch and list answer it (2010-04-01 API: RFC 2822 dates, no url). */
    public record KeyView(String sid, String friendlyName, String dateCreated, String dateUpdated) {
    }

    /** An API key as its create answers it, once: with its secret (Twilio's NewKey). */
    public record NewKeyView(String sid, String friendlyName, String dateCreated, String dateUpdated, String secret) {
    }

    public static KeyView key(ApiKey k) {
        return new KeyView(k.sid(), k.friendlyName(), Dates.rfc2822(k.dateCreated()), Dates.rfc2822(k.dateUpdated()));
    }

    public static NewKeyView newKey(ApiKey k, String secret) {
        return new NewKeyView(k.sid(), k.friendlyName(), Dates.rfc2822(k.dateCreated()),
                Dates.rfc2822(k.dateUpdated()), secret);
    }

    /** An insertion-ordered map from alternating keys and values. */
    private static Map<String, String> links(String... keysAndValues) {
        Map<String, String> links = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            links.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return links;
    }
}
