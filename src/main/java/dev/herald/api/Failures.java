package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import dev.herald.domain.ConflictException;
import dev.herald.domain.InvalidParameterException;
import dev.herald.domain.NotFoundException;
import dev.herald.domain.StoreException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a failure to a reply: every exception a route throws, Herald's or Javalin's, becomes a
 * {@link TwilioException} here and is answered as Twilio's error JSON (never HTML, never a stack trace).
 * Failures that are not the caller's are logged; a busy store (503) and an account over its cap on requests in
 * flight (429) answer with {@code Retry-After}.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
    /** Seconds a client is asked to wait after a 503 or a 429. */
    static final String RETRY_AFTER_SECONDS = "1";

    private Failures() {
    }

    /** Answers {@code ctx} with the Twilio error that {@code failure} means. */
    static void answer(Context ctx, Exception failure) {
        TwilioException error = toTwilio(ctx, failure);
        if (error.error() == TwilioError.UNAVAILABLE || error.error() == TwilioError.TOO_MANY_REQUESTS) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (error.error() == TwilioError.TOO_LARGE) {
            Bodies.drain(ctx);
        } else {
            Bodies.leaveUnread(ctx);
        }
        Call.json(ctx, error.error().status(), error.error().body(error.getMessage()));
    }

    static TwilioException toTwilio(Context ctx, Exception failure) {
        if (failure instanceof TwilioException twilio) {
            return twilio;
        }
        if (failure instanceof InvalidParameterException invalid) {
            return invalid.isMissing() ? TwilioException.missing(invalid.parameter())
                    : TwilioException.invalid(invalid.parameter(), invalid.detail());
        }
        if (failure instanceof NotFoundException) {
            return notFound(ctx);
        }
        if (failure instanceof ConflictException conflict) {
            return new TwilioException(TwilioError.CONFLICT, conflict.getMessage());
        }
        if (failure instanceof StoreException store && store.busy()) {
            LOG.warn("{} {} answered 503: {}", ctx.method(), ctx.path(), store.getMessage());
            return TwilioException.of(TwilioError.UNAVAILABLE);
        }
        if (failure instanceof HttpResponseException http) {
            return framework(ctx, http);
        }
        TwilioException refused = refusedByJetty(failure);
        if (refused != null) {
            return refused;
        }
        LOG.error("{} {} failed", ctx.method(), ctx.path(), failure);
        return TwilioException.of(TwilioError.INTERNAL);
    }

    /** Javalin's own refusals: no route, wrong method, body too large, wrong content type. */
    private static TwilioException framework(Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        return switch (status) {
            case 404 -> notFound(ctx);
            case 405, 413, 415 -> TwilioException.of(TwilioError.forStatus(status));
            default -> {
                if (status >= 400 && status < 500) {
                    yield new TwilioException(TwilioError.INVALID_PARAMETER, "Bad request: " + e.getMessage());
                }
                LOG.error("{} {} failed with {}", ctx.method(), ctx.path(), status, e);
                yield TwilioException.of(TwilioError.INTERNAL);
            }
        };
    }

    /**
     * Jetty's refusals of a request's body while a handler reads it: a body cut short ({@code Early EOF}, the
     * client closed or half-closed its connection before sending what it promised) or otherwise malformed, as the
     * 4xx Jetty gives them; null for anything else. They are the client's doing, so never a logged 500.
     */
    private static TwilioException refusedByJetty(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                TwilioError error = TwilioError.forStatus(http.getCode());
                return error == TwilioError.INVALID_PARAMETER
                        ? new TwilioException(error, "Bad request: " + (http.getReason() == null ? "malformed body"
                        : http.getReason()))
                        : TwilioException.of(error);
            }
            if (t instanceof EofException) {
                return new TwilioException(TwilioError.INVALID_PARAMETER, "Bad request: the body ended early");
            }
        }
        return null;
    }

    /** 404 naming the path as Twilio does, without the version: {@code The requested resource /Services/IS… was not found}. */
    static TwilioException notFound(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/v1/")) {
            path = path.substring(3);
        }
        return new TwilioException(TwilioError.NOT_FOUND, "The requested resource " + path + " was not found");
    }
}
