package dev.herald.api;

import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Paging;
import dev.herald.api.twilio.Views;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.Credentials;
import dev.herald.domain.Position;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/Credentials} and {@code /v1/Credentials/{Sid}}. Secrets go in, never out. */
final class CredentialsApi {
    private final Credentials credentials;
    private final String publicUrl;

    CredentialsApi(Credentials credentials, String publicUrl) {
        this.credentials = credentials;
        this.publicUrl = publicUrl;
    }

    void create(Context ctx) {
        Form f = Call.body(ctx);
        Credential created = credentials.create(Call.account(ctx), f.first("Type"), f.first("FriendlyName"), secrets(f));
        Call.json(ctx, 201, Views.credential(created, Call.base(ctx, publicUrl)));
    }

    void update(Context ctx) {
        Form f = Call.body(ctx);
        Credential updated = credentials.update(Call.account(ctx), Call.sid(ctx, "sid"), f.first("FriendlyName"), secrets(f));
        Call.json(ctx, 200, Views.credential(updated, Call.base(ctx, publicUrl)));
    }

    void fetch(Context ctx) {
        Credential credential = credentials.fetch(Call.account(ctx), Call.sid(ctx, "sid"));
        Call.json(ctx, 200, Views.credential(credential, Call.base(ctx, publicUrl)));
    }

    void delete(Context ctx) {
        credentials.delete(Call.account(ctx), Call.sid(ctx, "sid"));
        Call.noContent(ctx);
    }

    void list(Context ctx) {
        Paging.Params paging = Paging.parse(Call.query(ctx));
        String base = Call.base(ctx, publicUrl);
        var slice = credentials.list(Call.account(ctx), paging.request());
        Call.json(ctx, 200, Paging.body("credentials", base + "/v1/Credentials", List.of(), paging, slice,
                c -> new Position(c.dateCreated(), c.sid()), c -> Views.credential(c, base)));
    }

    private static CredentialSecrets secrets(Form f) {
        return new CredentialSecrets(f.first("Certificate"), f.first("PrivateKey"), f.bool("Sandbox"),
                f.first("ApiKey"), f.first("Secret"), f.first("KeyId"), f.first("TeamId"), f.first("BundleId"));
    }
}
