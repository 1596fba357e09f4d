package dev.herald.api;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Random requests for {@link FuzzTest}: methods, paths (the fuzzing account's SIDs, the canary account's, unknown
 * and malformed ones, mutated), query strings, headers and bodies. About half are sent as exact bytes over a
 * socket, with malformed request lines and headers; the rest are well-formed enough for the JDK's HttpClient.
 */
final class FuzzRequests {
    /**
     * One request. {@code raw} (exact bytes) is set for socket requests; {@code complete} is false when the bytes
     * promise more than they carry, so that the server may close without answering.
     */
    record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, byte[] raw,
                   boolean complete) {
        String describe() {
            String text = raw != null ? new String(raw, 0, Math.min(raw.length, 400), StandardCharsets.ISO_8859_1)
                    : method + " " + target + " " + headers + " body " + (body == null ? "none"
                    : new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1));
            text = text.length() > 400 ? text.substring(0, 400) + "…" : text;
            StringBuilder visible = new StringBuilder();
            text.chars().forEach(c -> visible.append(c < 32 && c != '\n' || c == 127 || Character.isSurrogate((char) c)
                    ? String.format("\\u%04x", c) : String.valueOf((char) c)));
            return visible.toString();
        }
    }

    private final FuzzValues v;
    private final String ownAuthorization;
    private final List<String> otherAuthorizations;

    FuzzRequests(FuzzValues values, String accountSid, String authToken, String canarySid) {
        this.v = values;
        this.ownAuthorization = Wire.basic(accountSid, authToken);
        this.otherAuthorizations = List.of(Wire.basic(accountSid, "wrong"), Wire.basic(canarySid, authToken),
                Wire.basic(canarySid, "wrong"), Wire.basic(accountSid.toUpperCase(), authToken), "Basic garbage!",
                "Bearer " + authToken, "Basic ", Wire.basic(accountSid, authToken + "\u00e9"), Wire.basic("", ""));
    }

    Request next() {
        boolean raw = v.chance(45);
        String method = raw && v.chance(8) ? v.pick(List.of("CONNECT", "get", "FOO", "G\u00c9T", "", "GET GET",
                "PROPFIND", v.token(true))) : v.pick(FuzzValues.METHODS);
        String target = path() + (v.chance(40) ? "?" + query() : "");
        List<Map.Entry<String, String>> headers = headers(raw);
        byte[] body = body(method);
        if (!raw && target.chars().allMatch(c -> c > 32 && c < 127)) { // the JDK client mangles the rest
            return new Request(method, target, headers, body, null, true);
        }
        if (v.chance(2)) {
            return new Request(method, target, headers, body, v.bytes(1 + v.random().nextInt(300)), false);
        }
        return assemble(method, target, headers, body);
    }

    private String path() {
        String path = switch (v.random().nextInt(12)) {
            case 0 -> "/v1/Services";
            case 1, 2 -> "/v1/Services/" + v.sid(0);
            case 3, 4, 11 -> "/v1/Services/" + v.sid(0) + "/Bindings";
            case 5, 6 -> "/v1/Services/" + v.sid(0) + "/Bindings/" + v.sid(1);
            case 7 -> "/v1/Credentials";
            case 8 -> "/v1/Credentials/" + v.sid(2);
            case 9 -> v.pick(List.of("/healthz", "/", "/v1", "/v1/", "/v1/services", "/v1/Services/",
                    "/2010-04-01/Accounts.json", "/v1/Services/" + v.sid(0) + "/Users/alice",
                    "/v1/Services/" + v.sid(0) + "/Notifications", "/v1/Credentials/" + v.sid(2) + "/x", "*"));
            default -> "/v1/Services/" + v.sid(0) + "/Bindings/" + v.sid(1) + "/Extra";
        };
        if (!v.chance(20)) {
            return path;
        }
        return switch (v.random().nextInt(11)) {
            case 0 -> path + "/";
            case 1 -> path.replace("/v1/", "/v1//");
            case 2 -> path + "/..";
            case 3 -> path + "%2F..%2F";
            case 4 -> path + "%C3%28";
            case 5 -> path + "%ZZ";
            case 6 -> path + ";jsessionid=1";
            case 7 -> path + "/" + "s".repeat(v.random().nextInt(9000));
            case 8 -> path + "%00";
            case 9 -> path + "%u0041";
            default -> path + "/%2e%2e/Credentials";
        };
    }

    private String query() {
        StringBuilder query = new StringBuilder();
        int count = 1 + v.random().nextInt(4);
        for (int i = 0; i < count; i++) {
            String name = v.chance(50) ? v.pick(List.of("PageSize", "Page", "PageToken", "Tag", "Identity",
                    "StartDate", "EndDate", "FriendlyName")) : v.pick(FuzzValues.PARAMETERS);
            query.append(i == 0 ? "" : "&").append(encode(name)).append('=').append(encode(v.value(name)));
        }
        return query.toString();
    }

    /** Mostly URL-encoded; sometimes raw, which may make the target one only a socket can send. */
    private String encode(String value) {
        return v.chance(90) ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
    }

    private List<Map.Entry<String, String>> headers(boolean raw) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int auth = v.random().nextInt(100);
        if (auth < 75) {
            headers.add(Map.entry("Authorization", ownAuthorization));
        } else if (auth < 92) {
            headers.add(Map.entry("Authorization", v.pick(otherAuthorizations)));
        }
        if (v.chance(30)) {
            headers.add(Map.entry("Content-Type", v.pick(FuzzValues.CONTENT_TYPES)));
        }
        if (v.chance(8)) {
            headers.add(Map.entry("X-HTTP-Method-Override", v.pick(List.of("DELETE", "POST", "PUT", "GET"))));
        }
        if (v.chance(20)) {
            headers.add(Map.entry("Accept-Encoding", v.pick(List.of("gzip", "gzip;q=0", "*", "br, gzip", "identity"))));
        }
        if (v.chance(6)) {
            headers.add(Map.entry(v.pick(List.of("X-Forwarded-Host", "X-Forwarded-Proto")), v.token(true)));
        }
        if (v.chance(8)) {
            headers.add(Map.entry("Accept", v.pick(List.of("application/json", "text/html", "*/*", "", "x/y;q=0"))));
        }
        if (v.chance(5)) {
            headers.add(Map.entry("X-" + v.token(true).replaceAll("[^A-Za-z0-9-]", "a"), v.token(true)));
        }
        if (raw && v.chance(5)) {
            headers.add(Map.entry(v.token(true), v.token(false)));
        }
        return headers;
    }

    private byte[] body(String method) {
        boolean post = method.equals("POST");
        if (!v.chance(post ? 95 : 15)) {
            return null;
        }
        int kind = v.random().nextInt(100);
        if (kind < 80) {
            StringBuilder form = new StringBuilder();
            int count = 1 + v.random().nextInt(8);
            for (int i = 0; i < count; i++) {
                String name = v.pick(FuzzValues.PARAMETERS);
                form.append(i == 0 ? "" : "&").append(encode(name)).append('=').append(encode(v.value(name)));
            }
            return form.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 90) {
            return v.bytes(1 + v.random().nextInt(4096));
        }
        if (kind < 96) {
            return "{\"FriendlyName\":\"json\",\"Identity\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 98) {
            return ("FriendlyName=big&Junk=" + "j".repeat(1024 * 1024 + v.random().nextInt(2048)))
                    .getBytes(StandardCharsets.US_ASCII);
        }
        return new byte[0];
    }

    /** The exact bytes of a request, with some of the ways a request line or header section goes wrong. */
    private Request assemble(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        String eol = v.chance(95) ? "\r\n" : "\n";
        String version = v.chance(92) ? "HTTP/1.1" : v.pick(List.of("HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2",
                "", "http/1.1", "HTTP/1.1 extra", "HTTP/1.10", "HTTP/11"));
        StringBuilder head = new StringBuilder(method).append(' ').append(target);
        head.append(version.isEmpty() ? "" : " " + version).append(eol);
        if (!v.chance(3)) {
            head.append("Host: ").append(v.chance(97) ? "127.0.0.1" : v.pick(List.of("", "a b", "[::1", "x:y:z",
                    "/path", "h".repeat(300)))).append(eol);
        }
        for (Map.Entry<String, String> header : headers) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append(eol);
        }
        byte[] content = body == null ? new byte[0] : body;
        boolean complete = true;
        int roll = v.random().nextInt(100);
        if (roll < 4) {
            head.append("X-Big: ").append("h".repeat(8200 + v.random().nextInt(4000))).append(eol);
        } else if (roll < 7) {
            head.append("NoColonHere").append(eol);
        } else if (roll < 9) {
            head.append("X-Folded: a").append(eol).append(" continued").append(eol);
        } else if (roll < 11) {
            head.append("X-Nul: a\u0000b").append(eol);
        } else if (roll < 14) {
            head.append("Expect: 100-continue").append(eol);
        } else if (roll < 17) {
            head.append("Content-Length: ").append(v.pick(List.of("abc", "-5", "1e3", "\u0665", "99999999999999999999",
                    content.length + ", " + content.length, content.length + "0"))).append(eol);
            complete = false;
        } else if (roll < 20) {
            head.append("Transfer-Encoding: ").append(v.pick(List.of("chunked", "gzip", "chunked, chunked", "x")))
                    .append(eol);
            complete = false;
        }
        boolean lengthGiven = roll >= 14 && roll < 20;
        if (!lengthGiven && (content.length > 0 || v.chance(20))) {
            head.append("Content-Length: ").append(content.length).append(eol);
        }
        head.append(eol);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(v.chance(90) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        bytes.writeBytes(content);
        return new Request(method, target, headers, body, bytes.toByteArray(), complete);
    }
}
