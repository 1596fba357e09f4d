package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The domain's strict JSON reader (for the service-account JSON of fcm and gcm Credentials). */
class JsonTextTest {
    @Test
    void readsEveryKindOfValue() throws Exception {
        Object parsed = JsonText.parse(" {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", \"n\":[0,-1,2.5,1e3,-0.5E-2],"
                + "\"t\":true,\"f\":false,\"z\":null,\"o\":{\"\":{}},\"a\":[]}\n");
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat(map.keySet().stream().map(String::valueOf).toList()).containsExactly("s", "n", "t", "f", "z", "o", "a");
        assertThat(map.get("s")).isEqualTo("a\"\\/\b\f\n\r\té😀");
        assertThat(map.get("n")).isEqualTo(List.of(new BigDecimal("0"), new BigDecimal("-1"), new BigDecimal("2.5"),
                new BigDecimal("1e3"), new BigDecimal("-0.5E-2")));
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.get("f")).isEqualTo(false);
        assertThat(map.get("z")).isSameAs(JsonText.NULL);
        assertThat(map.get("o")).isEqualTo(Map.of("", Map.of()));
        assertThat(map.get("a")).isEqualTo(List.of());
        assertThat(JsonText.parse("\"x\"")).isEqualTo("x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}",
            "{'a':1}", "{\"a\":1}x", "{\"a\":1}{}", "{\"a\":1,\"a\":2}", "01", "-", "1.", ".5", "1e", "+1", "0x10",
            "1e99999999999", "tru", "nul", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a", "\"tab\there\"",
            "\"line\nbreak\"", "NaN", "Infinity", "{\"a\":1}\u0000"})
    void refusesWhatIsNotJson(String text) {
        assertThatThrownBy(() -> JsonText.parse(text)).isInstanceOf(JsonText.MalformedException.class)
                .hasMessage("not valid JSON");
    }

    @Test
    void boundsTheNesting() throws Exception {
        assertThat(JsonText.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonText.parse("[".repeat(100_000) + "]".repeat(100_000)))
                .isInstanceOf(JsonText.MalformedException.class);
    }
}
