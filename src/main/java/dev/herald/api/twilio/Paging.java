package dev.herald.api.twilio;

import dev.herald.domain.Sids;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.Slice;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio list paging: {@code PageSize} (1..1000, default 50), {@code Page} (an echo for the client) and an
 * opaque {@code PageToken}, here {@code PA}/{@code PB} (after/before) plus a keyset position, which stays valid
 * while rows are inserted or deleted and on every Herald node.
 */
public final class Paging {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 1000;
    private static final Pattern ASCII_INTEGER = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})_([A-Z]{2}[0-9a-fA-F]{32})");
    private static final Pattern ID_TOKEN = Pattern.compile("0_([0-9]{1,18})");

    /** A parsed page request plus what is needed to echo it. */
    public record Params(int size, int page, String token, PageRequest request) {
    }

    private Paging() {
    }

    /** The paging parameters of a list whose positions are (date_created, SID). */
    public static Params parse(Form query) {
        return parse(query, Paging::sidPosition);
    }

    /**
     * The paging parameters of a list whose positions are row ids (the {@link Position}'s sid holds the id in
     * decimal, its date is 0), such as a Notification's deliveries: tokens {@code PA0_<id>} / {@code PB0_<id>}.
     */
    public static Params parseIds(Form query) {
        return parse(query, Paging::idPosition);
    }

    private static Params parse(Form query, Function<String, Position> positions) {
        int size = integer(query, "PageSize", DEFAULT_SIZE);
        if (size < 1 || size > MAX_SIZE) {
            throw TwilioException.invalid("PageSize", "must be between 1 and " + MAX_SIZE);
        }
        int page = integer(query, "Page", 0);
        if (page < 0) {
            throw TwilioException.invalid("Page", "must not be negative");
        }
        String token = query.first("PageToken");
        if (token == null || token.isEmpty()) {
            return new Params(size, page, null, PageRequest.first(size));
        }
        Position position = token.length() > 2 && token.charAt(0) == 'P'
                && (token.charAt(1) == 'A' || token.charAt(1) == 'B') ? positions.apply(token.substring(2)) : null;
        if (position == null) {
            throw TwilioException.invalid("PageToken", "is not a page token issued by this API");
        }
        PageRequest request = token.charAt(1) == 'A'
                ? new PageRequest(size, position, null) : new PageRequest(size, null, position);
        return new Params(size, page, token, request);
    }

    /** {@code <date_created>_<SID>}, or null. */
    private static Position sidPosition(String text) {
        Matcher m = TOKEN.matcher(text);
        if (!m.matches() || !Sids.isValid(m.group(2).substring(0, 2), m.group(2))) {
            return null;
        }
        return new Position(Long.parseLong(m.group(1)), Sids.canonical(m.group(2)));
    }

    /** {@code 0_<id>}, or null. */
    private static Position idPosition(String text) {
        Matcher m = ID_TOKEN.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return new Position(0, Long.toString(Long.parseLong(m.group(1))));
    }

    /**
     * A whole number in ASCII digits, with an optional leading {@code -} (so that a negative one gets its own
     * message): {@link Integer#parseInt} alone would also take other scripts' digits ({@code ٥} as 5) and {@code +}.
     */
    private static int integer(Form query, String name, int fallback) {
        String value = query.first(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        String trimmed = value.trim();
        if (!ASCII_INTEGER.matcher(trimmed).matches()) {
            throw TwilioException.invalid(name, "must be a whole number");
        }
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw TwilioException.invalid(name, "must be a whole number");
        }
    }

    /**
     * The list body: {@code {key: [...], meta: {...}}} with all seven {@code meta} keys. {@code filters} are the
     * list's filter parameters in canonical order; they are repeated in every page URL.
     */
    public static <T> Map<String, Object> body(String key, String listUrl, List<Map.Entry<String, String>> filters,
                                               Params params, Slice<T> slice, Function<T, Position> position,
                                               Function<T, Object> view) {
        Links links = links(listUrl, filters, params, slice, position);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("page", params.page());
        meta.put("page_size", params.size());
        meta.put("first_page_url", links.first());
        meta.put("previous_page_url", links.previous());
        meta.put("url", links.current());
        meta.put("next_page_url", links.next());
        meta.put("key", key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, render(slice, view));
        body.put("meta", meta);
        return body;
    }

    /**
     * The list body of the 2010-04-01 API: {@code {key: [...], first_page_uri, end, previous_page_uri,
     * next_page_uri, page, page_size, start, uri}}, the URIs relative to the host as Twilio's are. {@code start}
     * and {@code end} are the positions of the page's first and last rows as if every page before it were full.
     */
    public static <T> Map<String, Object> body2010(String key, String listUri, Params params, Slice<T> slice,
                                                   Function<T, Position> position, Function<T, Object> view) {
        Links links = links(listUri, List.of(), params, slice, position);
        long start = (long) params.page() * params.size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, render(slice, view));
        body.put("first_page_uri", links.first());
        body.put("end", start + Math.max(slice.items().size() - 1, 0));
        body.put("previous_page_uri", links.previous());
        body.put("next_page_uri", links.next());
        body.put("page", params.page());
        body.put("page_size", params.size());
        body.put("start", start);
        body.put("uri", links.current());
        return body;
    }

    /** The URLs of a page: the first page, this one, and the previous and next (null when there is none). */
    private record Links(String first, String current, String previous, String next) {
    }

    private static <T> Links links(String listUrl, List<Map.Entry<String, String>> filters, Params params,
                                   Slice<T> slice, Function<T, Position> position) {
        List<T> items = slice.items();
        String first = url(listUrl, filters, params.size(), 0, null);
        String current = url(listUrl, filters, params.size(), params.page(), params.token());
        String next = null;
        String previous = null;
        boolean backward = params.request().backward();
        if (!items.isEmpty() && (backward || slice.more())) {
            next = url(listUrl, filters, params.size(), nextPage(params.page()),
                    "PA" + token(position.apply(items.get(items.size() - 1))));
        }
        if (backward ? slice.more() && !items.isEmpty() : params.token() != null) {
            previous = items.isEmpty() ? first : url(listUrl, filters, params.size(), Math.max(params.page() - 1, 0),
                    "PB" + token(position.apply(items.get(0))));
        }
        return new Links(first, current, previous, next);
    }

    private static <T> List<Object> render(Slice<T> slice, Function<T, Object> view) {
        List<Object> rendered = new ArrayList<>(slice.items().size());
        slice.items().forEach(item -> rendered.add(view.apply(item)));
        return rendered;
    }

    /** The {@code Page} echo of the next page: one more, saturating at the largest {@code Page} accepted. */
    static int nextPage(int page) {
        return page == Integer.MAX_VALUE ? page : page + 1;
    }

    private static String token(Position p) {
        return p.dateCreated() + "_" + p.sid();
    }

    private static String url(String listUrl, List<Map.Entry<String, String>> filters, int size, int page, String token) {
        StringBuilder url = new StringBuilder(listUrl).append('?');
        for (Map.Entry<String, String> filter : filters) {
            url.append(encode(filter.getKey())).append('=').append(encode(filter.getValue())).append('&');
        }
        url.append("PageSize=").append(size).append("&Page=").append(page);
        if (token != null) {
            url.append("&PageToken=").append(encode(token));
        }
        return url.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
