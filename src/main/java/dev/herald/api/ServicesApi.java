package dev.herald.api;

import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Paging;
import dev.herald.api.twilio.Views;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceChanges;
import dev.herald.domain.Services;
import dev.herald.domain.Position;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /v1/Services} and {@code /v1/Services/{Sid}}. */
final class ServicesApi {
    private final Services services;
    private final String publicUrl;

    ServicesApi(Services services, String publicUrl) {
        this.services = services;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx) {
        Service created = services.create(Call.account(ctx), changes(Call.body(ctx)));
        Call.json(ctx, 201, Views.service(created, Call.base(ctx, publicUrl)));
    }

    void update(Context ctx) {
        Service updated = services.update(Call.account(ctx), Call.sid(ctx, "sid"), changes(Call.body(ctx)));
        Call.json(ctx, 200, Views.service(updated, Call.base(ctx, publicUrl)));
    }

    void fetch(Context ctx) {
        Service service = services.fetch(Call.account(ctx), Call.sid(ctx, "sid"));
        Call.json(ctx, 200, Views.service(service, Call.base(ctx, publicUrl)));
    }

    void delete(Context ctx) {
        services.delete(Call.account(ctx), Call.sid(ctx, "sid"));
        Call.noContent(ctx);
    }

    void list(Context ctx) {
        Form query = Call.query(ctx);
        Paging.Params paging = Paging.parse(query);
        String name = query.first("FriendlyName");
        String base = Call.base(ctx, publicUrl);
        var slice = services.list(Call.account(ctx), name, paging.request());
        List<Map.Entry<String, String>> filters = name == null ? List.of() : List.of(Map.entry("FriendlyName", name));
        Call.json(ctx, 200, Paging.body("services", base + "/v1/Services", filters, paging, slice,
                s -> new Position(s.dateCreated(), s.sid()), s -> Views.service(s, base)));
    }

    private static ServiceChanges changes(Form f) {
        return ServiceChanges.builder()
                .friendlyName(f.first("FriendlyName"))
                .apnCredentialSid(f.sid("ApnCredentialSid"))
                .gcmCredentialSid(f.sid("GcmCredentialSid"))
                .fcmCredentialSid(f.sid("FcmCredentialSid"))
                .facebookMessengerCredentialSid(f.sid("FacebookMessengerCredentialSid"))
                .messagingServiceSid(f.sid("MessagingServiceSid"))
                .facebookMessengerPageId(f.first("FacebookMessengerPageId"))
                .defaultApnNotificationProtocolVersion(f.first("DefaultApnNotificationProtocolVersion"))
                .defaultGcmNotificationProtocolVersion(f.first("DefaultGcmNotificationProtocolVersion"))
                .defaultFcmNotificationProtocolVersion(f.first("DefaultFcmNotificationProtocolVersion"))
                .defaultAlexaNotificationProtocolVersion(f.first("DefaultAlexaNotificationProtocolVersion"))
                .logEnabled(f.bool("LogEnabled"))
                .alexaSkillId(f.first("AlexaSkillId"))
                .deliveryCallbackUrl(f.first("DeliveryCallbackUrl"))
                .deliveryCallbackEnabled(f.bool("DeliveryCallbackEnabled"))
                .build();
    }
}
