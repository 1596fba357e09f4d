package dev.herald.api;

import dev.herald.api.twilio.Dates;
import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Paging;
import dev.herald.api.twilio.Views;
import dev.herald.domain.Binding;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.Bindings;
import dev.herald.domain.NewBinding;
import dev.herald.domain.Position;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /v1/Services/{ServiceSid}/Bindings} and {@code .../Bindings/{Sid}}; there is no update. */
final class BindingsApi {
    private final Bindings bindings;
    private final String publicUrl;

    BindingsApi(Bindings bindings, String publicUrl) {
        this.bindings = bindings;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx) {
        Form f = Call.body(ctx);
        Binding created = bindings.create(Call.account(ctx), Call.sid(ctx, "serviceSid"), NewBinding.builder()
                .identity(f.first("Identity"))
                .bindingType(f.first("BindingType"))
                .address(f.first("Address"))
                .tags(f.all("Tag"))
                .notificationProtocolVersion(f.first("NotificationProtocolVersion"))
                .credentialSid(f.sid("CredentialSid"))
                .endpoint(f.first("Endpoint"))
                .build());
        Call.json(ctx, 201, Views.binding(created, Call.base(ctx, publicUrl)));
    }

    void fetch(Context ctx) {
        Binding binding = bindings.fetch(Call.account(ctx), Call.sid(ctx, "serviceSid"), Call.sid(ctx, "sid"));
        Call.json(ctx, 200, Views.binding(binding, Call.base(ctx, publicUrl)));
    }

    void delete(Context ctx) {
        bindings.delete(Call.account(ctx), Call.sid(ctx, "serviceSid"), Call.sid(ctx, "sid"));
        Call.noContent(ctx);
    }

    void list(Context ctx) {
        Form q = Call.query(ctx);
        Paging.Params paging = Paging.parse(q);
        String start = emptyToNull(q.first("StartDate"));
        String end = emptyToNull(q.first("EndDate"));
        BindingFilter filter = BindingFilter.of(q.all("Identity"), q.all("Tag"),
                Dates.startOfDay("StartDate", start), Dates.endOfDayExclusive("EndDate", end));
        String serviceSid = Call.sid(ctx, "serviceSid");
        var slice = bindings.list(Call.account(ctx), serviceSid, filter, paging.request());
        List<Map.Entry<String, String>> filters = new ArrayList<>();
        if (start != null) {
            filters.add(Map.entry("StartDate", start));
        }
        if (end != null) {
            filters.add(Map.entry("EndDate", end));
        }
        q.all("Tag").forEach(t -> filters.add(Map.entry("Tag", t)));
        q.all("Identity").forEach(i -> filters.add(Map.entry("Identity", i)));
        String base = Call.base(ctx, publicUrl);
        Call.json(ctx, 200, Paging.body("bindings", base + "/v1/Services/" + serviceSid + "/Bindings", filters, paging,
                slice, b -> new Position(b.dateCreated(), b.sid()), b -> Views.binding(b, base)));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
