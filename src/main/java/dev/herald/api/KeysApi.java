package dev.herald.api;

import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Paging;
import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import dev.herald.api.twilio.Views;
import dev.herald.domain.ApiKey;
import dev.herald.domain.Keys;
import dev.herald.domain.Position;
import dev.herald.domain.Sids;
import io.javalin.http.Context;

/**
 * Twilio's key resource of the 2010-04-01 API, {@code /2010-04-01/Accounts/{AccountSid}/Keys.json} and
 * {@code …/Keys/{Sid}.json}: create (the secret is answered once), list, fetch, rename, delete. Only the account's
 * auth token may use it (an API key gets 403 / 20403, as Twilio's Standard keys do); the path's account must be
 * the caller's (another account's, or a malformed SID, is 404 / 20404, like a missing key).
 */
final class KeysApi {
    static final String LIST = "/2010-04-01/Accounts/{accountSid}/Keys.json";
    /** {@code {sid}} ends in {@code .json}, which {@link #keySid} takes off. */
    static final String ONE = "/2010-04-01/Accounts/{accountSid}/Keys/{sid}";
    private static final String JSON_SUFFIX = ".json";

    private final Keys keys;

    KeysApi(Keys keys) {
        this.keys = keys;
    }

    void create(Context ctx) {
        String account = owner(ctx);
        Form f = Call.body(ctx);
        Keys.NewKey created = keys.create(account, f.first("FriendlyName"));
        Call.json(ctx, 201, Views.newKey(created.key(), created.secret()));
    }

    void list(Context ctx) {
        String account = owner(ctx);
        Paging.Params paging = Paging.parse(Call.query(ctx));
        var slice = keys.list(account, paging.request());
        Call.json(ctx, 200, Paging.body2010("keys", "/2010-04-01/Accounts/" + account + "/Keys.json", paging, slice,
                k -> new Position(k.dateCreated(), k.sid()), Views::key));
    }

    void fetch(Context ctx) {
        String account = owner(ctx);
        Call.json(ctx, 200, Views.key(keys.fetch(account, keySid(ctx))));
    }

    void update(Context ctx) {
        String account = owner(ctx);
        String sid = keySid(ctx);
        ApiKey updated = keys.update(account, sid, Call.body(ctx).first("FriendlyName"));
        Call.json(ctx, 200, Views.key(updated));
    }

    void delete(Context ctx) {
        String account = owner(ctx);
        keys.delete(account, keySid(ctx));
        Call.noContent(ctx);
    }

    /** The caller's account, when it authenticated with its auth token and the path names it. */
    private static String owner(Context ctx) {
        if (Call.key(ctx) != null) {
            throw new TwilioException(TwilioError.FORBIDDEN, "API keys cannot manage API keys: use the account SID "
                    + "and its auth token");
        }
        String account = Sids.canonical(Call.account(ctx));
        if (!account.equals(Call.sid(ctx, "accountSid"))) {
            throw Failures.notFound(ctx);
        }
        return account;
    }

    /** The key SID of {@code …/Keys/SK….json}; a path without {@code .json} is not found. */
    private static String keySid(Context ctx) {
        String file = ctx.pathParam("sid");
        if (!file.endsWith(JSON_SUFFIX)) {
            throw Failures.notFound(ctx);
        }
        return Sids.canonical(file.substring(0, file.length() - JSON_SUFFIX.length()));
    }
}
