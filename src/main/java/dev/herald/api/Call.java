package dev.herald.api;

import dev.herald.api.twilio.Form;
import dev.herald.api.twilio.Json;
import dev.herald.api.twilio.TwilioError;
import dev.herald.api.twilio.TwilioException;
import dev.herald.domain.Sids;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Per-request helpers shared by the resource handlers: parameters, the caller's account, base URL, replies. */
final class Call {
    static final String ACCOUNT = "herald.account";
    /** The SID of the API key the request authenticated with; absent for the account's auth token. */
    static final String KEY = "herald.key";

    private Call() {
    }

    static String account(Context ctx) {
        return ctx.attribute(ACCOUNT);
    }

    /** The SID of the API key the caller authenticated with, or null when it used the auth token. */
    static String key(Context ctx) {
        return ctx.attribute(KEY);
    }

    /** The form body of a POST (read once, by {@link Admission}, at most the configured size). */
    static Form body(Context ctx) {
        byte[] bytes = Bodies.of(ctx);
        if (bytes.length == 0) {
            return Form.EMPTY;
        }
        try {
            return Form.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new TwilioException(TwilioError.INVALID_PARAMETER, "The request parameters are not valid UTF-8");
        }
    }

    /** A SID path parameter, its hex digits in lower case as the stores hold them (requests may use either case). */
    static String sid(Context ctx, String name) {
        return Sids.canonical(ctx.pathParam(name));
    }

    static Form query(Context ctx) {
        return Form.parse(ctx.queryString());
    }

    /**
     * The scheme and host that {@code url} fields start with: the configured public URL, else the request's own
     * (honouring {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}).
     */
    static String base(Context ctx, String publicUrl) {
        if (publicUrl != null) {
            return publicUrl;
        }
        String proto = firstOf(ctx.header("X-Forwarded-Proto"));
        if (proto == null || !(proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            proto = ctx.scheme();
        }
        String host = firstOf(ctx.header("X-Forwarded-Host"));
        if (!safeHost(host)) {
            host = ctx.host();
        }
        if (!safeHost(host)) {
            host = "localhost";
        }
        return proto.toLowerCase(Locale.ROOT) + "://" + host;
    }

    /** A host[:port] made of letters, digits, '.', '-', ':' and brackets only: safe to put into a URL. */
    private static boolean safeHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')) {
                return false;
            }
        }
        return true;
    }

    private static String firstOf(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }

    /**
     * Replies with JSON; a body of {@link #GZIP_FROM_BYTES} or more (a list page) is gzipped when the client
     * accepts gzip, unless it is an error (a 404 may echo a long path). Herald compresses here rather than through Javalin, whose per-response checks cost more than
     * a whole Binding fetch spends in the database, and writes the body straight to the servlet response: even
     * with compression off, a Javalin result passes those checks (about 9% of a fetch's CPU).
     */
    static void json(Context ctx, int status, Object body) {
        byte[] bytes = Json.write(body);
        ctx.status(status).contentType("application/json; charset=utf-8");
        if (bytes.length >= GZIP_FROM_BYTES && status < 400) { // errors are always plain JSON
            ctx.header("Vary", "Accept-Encoding");
            if (acceptsGzip(ctx.header("Accept-Encoding"))) {
                ctx.header("Content-Encoding", "gzip");
                bytes = gzip(bytes);
            }
        }
        write(ctx, bytes);
    }

    /** Writes the whole body; a client that has gone away is no error of the request's. */
    private static void write(Context ctx, byte[] bytes) {
        ctx.res().setContentLength(bytes.length);
        try {
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            // the connection is closed; there is nobody left to answer
        }
    }

    static final int GZIP_FROM_BYTES = 1500;

    /** Whether an Accept-Encoding header lists gzip (or *) without refusing it with {@code q=0}. */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] fields = part.split(";");
            String coding = fields[0].trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < fields.length; i++) {
                    String param = fields[i].trim().replace(" ", "");
                    if (param.matches("(?i)q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }

    static void noContent(Context ctx) {
        ctx.status(204);
        write(ctx, new byte[0]);
    }
}
