package dev.herald.delivery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The request a channel sends to its provider for one attempt, without credentials (no {@code Authorization}, no
 * key, no token): {@code method}, {@code path} (with the address where the provider wants it), {@code headers}, and
 * the {@code body}: a JSON tree of plain values (maps with string keys in order, lists, strings, numbers,
 * booleans, nulls) or, for a form, a {@code Map<String, List<String>>} of repeated fields. Deeply immutable.
 * {@code toString} leaves out the path and the body, which hold the address.
 */
public record ProviderRequest(String method, String path, Map<String, String> headers, Object body) {
    public ProviderRequest {
        Objects.requireNonNull(method, "method must not be null.");
        Objects.requireNonNull(path, "path must not be null.");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = JsonTrees.frozenCopy(body);
    }

    /** {@code {"method": …, "path": …, "headers": {…}, "body": …}} as compact JSON text. */
    public String toJson() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("method", method);
        all.put("path", path);
        all.put("headers", headers);
        all.put("body", body);
        return JsonTrees.json(all);
    }

    /** The body as compact JSON text: what goes on the wire for a JSON provider. */
    public String bodyJson() {
        return JsonTrees.json(body);
    }

    @Override
    public String toString() {
        return "ProviderRequest[method=" + method + ", headers=" + headers.keySet() + "]";
    }
}
