package dev.herald.api;

import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import dev.herald.domain.Accounts;
import dev.herald.domain.Bindings;
import dev.herald.domain.ConflictException;
import dev.herald.domain.Credentials;
import dev.herald.domain.InvalidParameterException;
import dev.herald.domain.NotFoundException;
import dev.herald.domain.Services;
import dev.herald.store.StoreException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Herald: the Notify v1 routes, Basic authentication, and the one place where every failure
 * becomes Twilio's error JSON (never HTML, never a stack trace). Start with {@link #start}, stop with
 * {@link #close}, which lets requests in flight finish.
 */
public final class ApiServer implements AutoCloseable {
    /** Request bodies above this size are refused with 413 / 20413. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String TOO_LARGE = "Request Entity Too Large: the body must not exceed 1 MiB";
    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

    private final Accounts accounts;
    private final Javalin app;

    /**
     * @param httpThreads the size of Jetty's thread pool, which bounds the requests handled at once: requests beyond
     *     what its workers can take wait, unread, on their connections. Some of the threads accept and select.
     */
    public ApiServer(Accounts accounts, Services services, Credentials credentials, Bindings bindings, String publicUrl,
                     int httpThreads) {
        this.accounts = accounts;
        ServicesApi servicesApi = new ServicesApi(services, publicUrl);
        CredentialsApi credentialsApi = new CredentialsApi(credentials, publicUrl);
        BindingsApi bindingsApi = new BindingsApi(bindings, publicUrl);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.http.compressionStrategy = CompressionStrategy.NONE; // Call.json compresses list pages itself
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            QueuedThreadPool threads = new QueuedThreadPool(httpThreads, Math.min(8, httpThreads), 60_000);
            threads.setName("herald-http");
            cfg.jetty.threadPool = threads;
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            var r = cfg.routes;
            r.get("/healthz", ctx -> Call.json(ctx, 200, Map.of("status", "ok")));
            r.before(this::admit);
            r.get("/v1/Services", servicesApi::list);
            r.post("/v1/Services", servicesApi::create);
            r.get("/v1/Services/{sid}", servicesApi::fetch);
            r.post("/v1/Services/{sid}", servicesApi::update);
            r.delete("/v1/Services/{sid}", servicesApi::delete);
            r.get("/v1/Credentials", credentialsApi::list);
            r.post("/v1/Credentials", credentialsApi::create);
            r.get("/v1/Credentials/{sid}", credentialsApi::fetch);
            r.post("/v1/Credentials/{sid}", credentialsApi::update);
            r.delete("/v1/Credentials/{sid}", credentialsApi::delete);
            r.get("/v1/Services/{serviceSid}/Bindings", bindingsApi::list);
            r.post("/v1/Services/{serviceSid}/Bindings", bindingsApi::create);
            r.get("/v1/Services/{serviceSid}/Bindings/{sid}", bindingsApi::fetch);
            r.delete("/v1/Services/{serviceSid}/Bindings/{sid}", bindingsApi::delete);
            r.exception(TwilioException.class, (e, ctx) -> error(ctx, e.error(), e.getMessage()));
            r.exception(InvalidParameterException.class,
                    (e, ctx) -> error(ctx, TwilioError.INVALID_PARAMETER, e.getMessage()));
            r.exception(NotFoundException.class, (e, ctx) -> notFound(ctx));
            r.exception(ConflictException.class, (e, ctx) -> error(ctx, TwilioError.CONFLICT, e.getMessage()));
            r.exception(HttpResponseException.class, (e, ctx) -> frameworkError(ctx, e));
            r.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, TwilioError.INTERNAL, "Internal Server Error");
            });
        });
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
    public ApiServer start(String host, int port) {
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            String reason = StoreException.rootMessage(e);
            if (reason.startsWith("Insufficient configured threads")) {
                throw new IllegalArgumentException("The HTTP threads are too few for this machine's acceptors and "
                        + "selectors (" + reason + "); raise --http-threads.", e);
            }
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every request but /healthz: refuse bodies over the limit, then authenticate the account. */
    private void admit(Context ctx) {
        if (ctx.path().equals("/healthz")) {
            return;
        }
        if (ctx.contentLength() > MAX_BODY_BYTES) {
            drain(ctx);
            throw new TwilioException(TwilioError.TOO_LARGE, TOO_LARGE);
        }
        String account = authenticatedAccount(ctx.header("Authorization"));
        if (account == null) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            throw new TwilioException(TwilioError.AUTHENTICATE, "Authenticate");
        }
        ctx.attribute(Call.ACCOUNT, account);
        if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) {
            ctx.bodyAsBytes(); // every method: bodies over the limit are refused even where they are ignored
        }
    }

    /** The account SID of valid HTTP Basic credentials, or null. */
    private String authenticatedAccount(String header) {
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
        return sid != null && accounts.authenticate(sid, decoded.substring(colon + 1)) ? sid : null;
    }

    private static void frameworkError(Context ctx, HttpResponseException e) {
        switch (e.getStatus()) {
            case 404 -> notFound(ctx);
            case 405 -> error(ctx, TwilioError.METHOD_NOT_ALLOWED, "Method not allowed");
            case 413 -> {
                drain(ctx);
                error(ctx, TwilioError.TOO_LARGE, TOO_LARGE);
            }
            case 415 -> error(ctx, TwilioError.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type");
            default -> {
                if (e.getStatus() >= 400 && e.getStatus() < 500) {
                    error(ctx, TwilioError.INVALID_PARAMETER, "Bad request: " + e.getMessage());
                } else {
                    LOG.error("{} {} failed with {}", ctx.method(), ctx.path(), e.getStatus(), e);
                    error(ctx, TwilioError.INTERNAL, "Internal Server Error");
                }
            }
        }
    }

    /**
     * Reads and discards what is left of a refused body (up to {@link #MAX_DRAIN_BYTES}), so that the client,
     * still sending, gets to read the 413 instead of a connection reset.
     */
    private static void drain(Context ctx) {
        byte[] buffer = new byte[64 * 1024];
        long left = MAX_DRAIN_BYTES;
        try {
            InputStream in = ctx.req().getInputStream();
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // the connection closes after the 413 anyway
        }
    }

    private static void notFound(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/v1/")) {
            path = path.substring(3);
        }
        error(ctx, TwilioError.NOT_FOUND, "The requested resource " + path + " was not found");
    }

    private static void error(Context ctx, TwilioError error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", message);
        body.put("more_info", error.moreInfo());
        body.put("status", error.status());
        Call.json(ctx, error.status(), body);
    }

    /** Stops accepting connections and waits (up to 10 s) for requests in flight. */
    @Override
    public void close() {
        app.stop();
    }
}
