package dev.herald.api;

import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Json;
import dev.herald.api.twilio.Paging;
import dev.herald.api.twilio.TwilioException;
import dev.herald.api.twilio.Views;
import dev.herald.domain.Delivery;
import dev.herald.domain.IdempotencyKey;
import dev.herald.domain.NewNotification;
import dev.herald.domain.Notification;
import dev.herald.domain.Notifications;
import dev.herald.domain.Position;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Slice;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/Services/{ServiceSid}/Notifications} (Notify's create) and Herald's reads: the list, one
 * Notification, and its deliveries.
 */
final class NotificationsApi {
    /** Twilio's header that makes a create idempotent ({@link IdempotencyKey}). */
    static final String IDEMPOTENCY_TOKEN = "I-Twilio-Idempotency-Token";
    private final Notifications notifications;
    private final String publicUrl;

    NotificationsApi(Notifications notifications, String publicUrl) {
        this.notifications = notifications;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx) {
        Form f = Call.body(ctx);
        List<Object> toBindings = new ArrayList<>();
        for (String element : f.all("ToBinding")) {
            toBindings.add(json("ToBinding", element));
        }
        IdempotencyKey key = IdempotencyKey.of(ctx.header(IDEMPOTENCY_TOKEN), f.fingerprint());
        Notification sent = notifications.send(Call.account(ctx), Call.sid(ctx, "serviceSid"), NewNotification.builder()
                .identities(f.all("Identity"))
                .tags(f.all("Tag"))
                .segments(f.all("Segment"))
                .toBindings(toBindings)
                .priority(f.first("Priority"))
                .ttl(f.first("Ttl"))
                .title(f.first("Title"))
                .body(f.first("Body"))
                .sound(f.first("Sound"))
                .action(f.first("Action"))
                .data(jsonParameter(f, "Data"))
                .apn(jsonParameter(f, "Apn"))
                .fcm(jsonParameter(f, "Fcm"))
                .gcm(jsonParameter(f, "Gcm"))
                .sms(jsonParameter(f, "Sms"))
                .facebookMessenger(jsonParameter(f, "FacebookMessenger"))
                .alexa(jsonParameter(f, "Alexa"))
                .deliveryCallbackUrl(f.first("DeliveryCallbackUrl"))
                .build(), key);
        Call.json(ctx, 201, Views.notification(sent));
    }

    void fetch(Context ctx) {
        SentNotification sent = notifications.fetch(Call.account(ctx), Call.sid(ctx, "serviceSid"),
                Call.sid(ctx, "sid"));
        Call.json(ctx, 200, Views.sentNotification(sent));
    }

    /** Newest first: the store's positions run backwards in time, so {@code PA} continues to older ones. */
    void list(Context ctx) {
        Paging.Params paging = Paging.parse(Call.query(ctx));
        String serviceSid = Call.sid(ctx, "serviceSid");
        Slice<SentNotification> slice = notifications.list(Call.account(ctx), serviceSid, paging.request());
        String base = Call.base(ctx, publicUrl);
        Call.json(ctx, 200, Paging.body("notifications", base + "/v1/Services/" + serviceSid + "/Notifications",
                List.of(), paging, slice,
                s -> new Position(s.notification().dateCreated(), s.notification().sid()),
                Views::sentNotification));
    }

    void deliveries(Context ctx) {
        Form q = Call.query(ctx);
        Paging.Params paging = Paging.parseIds(q);
        String status = q.first("Status");
        String serviceSid = Call.sid(ctx, "serviceSid");
        String sid = Call.sid(ctx, "sid");
        Slice<Delivery> slice = notifications.deliveries(Call.account(ctx), serviceSid, sid, status,
                paging.request());
        List<Map.Entry<String, String>> filters = status == null || status.isEmpty() ? List.of()
                : List.of(Map.entry("Status", status));
        String base = Call.base(ctx, publicUrl);
        Call.json(ctx, 200, Paging.body("deliveries",
                base + "/v1/Services/" + serviceSid + "/Notifications/" + sid + "/Deliveries", filters, paging, slice,
                d -> new Position(0, Long.toString(d.id())), Views::delivery));
    }

    /** A JSON-valued parameter: null when absent or empty, else its parsed value. */
    private static Object jsonParameter(Form f, String name) {
        String text = f.first(name);
        return text == null || text.isEmpty() ? null : json(name, text);
    }

    /** {@code text} parsed ({@link NewNotification#JSON_NULL} for {@code null}); a 400 naming {@code name} if malformed. */
    private static Object json(String name, String text) {
        try {
            Object value = Json.read(text);
            return value == null ? NewNotification.JSON_NULL : value;
        } catch (Json.MalformedJsonException e) {
            throw TwilioException.invalid(name, e.getMessage()); // never the text: it may be personal data
        }
    }
}
