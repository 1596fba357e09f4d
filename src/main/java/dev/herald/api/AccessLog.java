package dev.herald.api;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request id of every request, and one line per answered request on the {@code herald.access} logger: method,
 * path, status, response bytes, milliseconds, account SID ({@code -} before authentication) and request id; as
 * the message's {@code key=value} words and as the event's key-value pairs (the keys of {@code --log-format json}).
 * The logged path keeps Notify's route words and SIDs only: any other segment (an address or identity a client put
 * into a path by mistake) is written {@code *}, and the query string (identities, tags) is never written.
 */
final class AccessLog {
    static final String LOGGER = "herald.access";
    static final String REQUEST_ID = "herald.requestId";
    /** The header Twilio answers its request id in, and Herald with it. */
    static final String RESPONSE_HEADER = "Twilio-Request-Id";
    /** An incoming request id that Herald takes as its own (a proxy's), when it is this tame. */
    private static final Pattern INCOMING = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final Pattern SID = Pattern.compile("[A-Za-z]{2}[0-9a-fA-F]{32}(\\.json)?");
    private static final Set<String> WORDS = Set.of("v1", "Services", "Credentials", "Bindings", "Notifications",
            "Deliveries", "healthz", "readyz", "metrics", "2010-04-01", "Accounts", "Keys.json", "Keys");
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessLog() {
    }

    /**
     * Gives the request its id, an incoming {@code X-Request-Id} of 8 to 64 letters, digits and {@code ._:-}, or a
     * new {@code RQ} and 32 hex digits as Twilio's, and answers it in {@value #RESPONSE_HEADER}.
     */
    static void assignId(Context ctx) {
        String incoming = ctx.header("X-Request-Id");
        String id = incoming != null && INCOMING.matcher(incoming).matches() ? incoming : newId();
        ctx.attribute(REQUEST_ID, id);
        ctx.header(RESPONSE_HEADER, id);
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "RQ" + HexFormat.of().formatHex(bytes);
    }

    /** The template of the route that answered {@code ctx}, or {@code unmatched}. */
    static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** Writes the line of an answered request. */
    static void write(Context ctx, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String path = safePath(ctx.path());
        int status = ctx.status().getCode();
        String length = ctx.res().getHeader("Content-Length");
        long bytes = length == null ? 0 : parse(length);
        long ms = nanos / 1_000_000;
        String account = Call.account(ctx) == null ? "-" : Call.account(ctx);
        String requestId = ctx.attribute(REQUEST_ID) == null ? "-" : ctx.attribute(REQUEST_ID);
        LOG.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("path", path)
                .addKeyValue("status", status).addKeyValue("bytes", bytes).addKeyValue("ms", ms)
                .addKeyValue("account_sid", account).addKeyValue("request_id", requestId)
                .log("method={} path={} status={} bytes={} ms={} account_sid={} request_id={}", ctx.method().name(),
                        path, status, bytes, ms, account, requestId);
    }

    /** {@code path} with every segment but Notify's route words and SIDs written {@code *}, at most 256 characters. */
    static String safePath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (!s.isEmpty() && !WORDS.contains(s) && !SID.matcher(s).matches()) {
                segments[i] = "*";
            }
        }
        String safe = String.join("/", segments);
        return safe.length() > 256 ? safe.substring(0, 256) + "…" : safe;
    }

    private static long parse(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
