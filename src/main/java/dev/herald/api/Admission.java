package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import dev.herald.domain.Accounts;
import dev.herald.domain.Keys;
import dev.herald.domain.Sids;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What every request but {@code /healthz} and {@code /readyz} pass first: the body limit, HTTP Basic authentication (the account SID
 * and its auth token, or an API key's SID and secret, which act as the key's account), the account's cap
 * on requests in flight ({@link AccountLimiter}), then the body, read within a deadline ({@link Bodies}).
 */
final class Admission {
    /** Request bodies above this size are refused with 413 / 20413. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Accounts accounts;
    private final Keys keys;
    private final AccountLimiter limiter;

    Admission(Accounts accounts, Keys keys, AccountLimiter limiter) {
        this.accounts = accounts;
        this.keys = keys;
        this.limiter = limiter;
    }

    /**
     * Refuses bodies over the limit, authenticates the account and records it on {@code ctx}, counts the request
     * against the account's cap, then reads the body.
     */
    void admit(Context ctx) {
        if (ctx.path().equals("/healthz") || ctx.path().equals("/readyz")) {
            Bodies.leaveUnread(ctx); // a probe's body is never read
            return;
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            throw TwilioException.of(TwilioError.TOO_LARGE);
        }
        String account = authenticatedAccount(ctx, ctx.header("Authorization"));
        if (account == null) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            throw TwilioException.of(TwilioError.AUTHENTICATE);
        }
        ctx.attribute(Call.ACCOUNT, account);
        limiter.admit(ctx, account);
        if (Bodies.announced(ctx)) {
            Bodies.read(ctx); // every method: bodies over the limit are refused even where they are ignored
        }
    }

    /**
     * The account SID of valid HTTP Basic credentials, or null; for an API key's, the key's account, with the key's
     * SID recorded on {@code ctx}.
     */
    private String authenticatedAccount(Context ctx, String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String sid = colon > 0 ? decoded.substring(0, colon) : null;
        if (sid == null) {
            return null;
        }
        String secret = decoded.substring(colon + 1);
        if (sid.startsWith(Sids.API_KEY)) {
            String account = keys.authenticate(sid, secret);
            if (account != null) {
                ctx.attribute(Call.KEY, Sids.canonical(sid));
            }
            return account;
        }
        return accounts.authenticate(sid, secret) ? sid : null;
    }
}
