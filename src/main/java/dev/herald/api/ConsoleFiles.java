package dev.herald.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The web console's static files, served from the classpath ({@code console/…} in the jar) without authentication:
 * {@code GET} or {@code HEAD} of {@code /console} or {@code /console/} is {@code index.html}, of {@code /console/NAME}
 * the file of that name when there is one. Every other request (another method, a name that is not a console file,
 * any other path) passes on untouched, so it is answered exactly as it would be without the console (401 without
 * credentials, then 404). The files hold no data; the console reads everything through the authenticated API.
 *
 * <p>Each answer carries a strict Content-Security-Policy and the other hardening headers, and {@code Cache-Control:
 * no-cache} with an {@code ETag}, so a browser revalidates (a 304) and never runs a stale file after an upgrade.
 *
 * <p>Runs on Jetty's request threads. Thread-safe: files read once are kept in memory.
 */
final class ConsoleFiles extends Handler.Wrapper {
    /** The Content-Security-Policy of every console file: scripts and styles of the console's own, nothing inline. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Names that can be console files: lowercase segments, no dots but the extension's. */
    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9-]+/)*[a-z0-9-]+\\.(?:html|js|css|svg|png|txt)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "txt", "text/plain; charset=utf-8");

    private record File(byte[] bytes, String type, String etag) {
    }

    private final Map<String, File> files = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        File file = "GET".equals(method) || "HEAD".equals(method) ? file(request.getHttpURI().getPath()) : null;
        if (file == null) {
            return super.handle(request, response, callback);
        }
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put(HttpHeader.ETAG, file.etag());
        if (file.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            return true;
        }
        headers.put(HttpHeader.CONTENT_TYPE, file.type());
        headers.put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
        response.setStatus(200);
        response.write(true, "HEAD".equals(method) ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(file.bytes()), callback);
        return true;
    }

    /** The console file {@code path} names (raw, undecoded), or null when it names none. */
    private File file(String path) {
        if (path == null || !path.startsWith("/console")) {
            return null;
        }
        String name = path.equals("/console") || path.equals("/console/") ? "index.html"
                : path.startsWith("/console/") ? path.substring("/console/".length()) : null;
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        File known = files.get(name);
        return known != null ? known : load(name);
    }

    private File load(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return null; // misses are not kept: the names are bounded by the pattern, not by the jar
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
                    + "\"";
            File file = new File(bytes, type, etag);
            files.put(name, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
