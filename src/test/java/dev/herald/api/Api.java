package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.Fixtures;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Shared assertions and shortcuts for the HTTP edge-case tests; test data comes from {@link Fixtures}. */
final class Api {
    static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");
    static final Pattern SID = Pattern.compile("^(IS|CR|BS|AC)[0-9a-f]{32}$");
    static final String FORM = "application/x-www-form-urlencoded";
    static final String UNKNOWN_SERVICE = "IS" + "0".repeat(32);
    static final String UNKNOWN_BINDING = "BS" + "0".repeat(32);
    static final String UNKNOWN_CREDENTIAL = "CR" + "0".repeat(32);
    static final List<String> META_KEYS = List.of("page", "page_size", "first_page_url", "previous_page_url", "url",
            "next_page_url", "key");

    private Api() {
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A Twilio error: HTTP status, exactly the four keys, matching status and more_info; returns the message. */
    static String assertError(Reply reply, int status, int code) {
        assertThat(reply.status()).as("HTTP status of %s", reply.body()).isEqualTo(status);
        assertJsonContentType(reply);
        JsonNode json = reply.json();
        assertThat(json).as("error body").isNotNull();
        assertThat(fieldNames(json)).as("error keys of %s", reply.body())
                .containsExactlyInAnyOrder("code", "message", "more_info", "status");
        assertThat(json.get("code").isInt()).as("code is an integer in %s", reply.body()).isTrue();
        assertThat(json.get("code").asInt()).as("code of %s", reply.body()).isEqualTo(code);
        assertThat(json.get("status").isInt()).as("status is an integer in %s", reply.body()).isTrue();
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/" + code);
        assertThat(json.get("message").isTextual()).isTrue();
        String message = json.get("message").asText();
        assertThat(message).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        return message;
    }

    static void assertInvalid(Reply reply, String parameter) {
        assertThat(assertError(reply, 400, 20001)).as("message names %s", parameter).contains(parameter);
    }

    static void assertNotFound(Reply reply, String pathWithoutV1) {
        assertThat(assertError(reply, 404, 20404))
                .isEqualTo("The requested resource " + pathWithoutV1 + " was not found");
    }

    static void assertJsonContentType(Reply reply) {
        assertThat(reply.header("Content-Type")).as("Content-Type").isNotNull();
        assertThat(reply.header("Content-Type").toLowerCase()).startsWith("application/json");
    }

    /** A {@code 201} with a JSON body, as {@link Fixtures} checks every fixture it creates. */
    static JsonNode created(Reply reply) {
        return Fixtures.created(reply);
    }

    static JsonNode ok(Reply reply) {
        assertThat(reply.status()).as("status, body %s", reply.body()).isEqualTo(200);
        assertJsonContentType(reply);
        return reply.json();
    }

    static void noContent(Reply reply) {
        assertThat(reply.status()).as("delete status, body %s", reply.body()).isEqualTo(204);
        assertThat(reply.body()).as("204 body").isEmpty();
    }

    static String bindingsPath(String service) {
        return "/v1/Services/" + service + "/Bindings";
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    static List<String> sids(JsonNode list, String key) {
        List<String> sids = new ArrayList<>();
        list.get(key).forEach(item -> sids.add(item.get("sid").asText()));
        return sids;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The decoded query parameters of an absolute or relative URL, repeated keys in order. */
    static Map<String, List<String>> query(String url) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Lists {@code pathAndQuery} and follows next_page_url verbatim; returns every page body. */
    static List<JsonNode> pages(RawHttp http, String pathAndQuery) {
        List<JsonNode> pages = new ArrayList<>();
        String next = pathAndQuery;
        while (next != null) {
            JsonNode page = ok(http.get(next));
            pages.add(page);
            JsonNode nextUrl = page.get("meta").get("next_page_url");
            next = nextUrl.isNull() ? null : nextUrl.asText();
            assertThat(pages.size()).as("page count").isLessThan(500);
        }
        return pages;
    }

    /** The SIDs of every row of every page of a list. */
    static List<String> listAll(RawHttp http, String pathAndQuery, String key) {
        List<String> all = new ArrayList<>();
        pages(http, pathAndQuery).forEach(page -> all.addAll(sids(page, key)));
        return all;
    }
}
