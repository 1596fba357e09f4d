package dev.herald.api.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FormTest {

    private static void assertInvalid(String encoded) {
        assertThatThrownBy(() -> Form.parse(encoded)).isInstanceOfSatisfying(TwilioException.class,
                e -> assertThat(e.error()).isEqualTo(TwilioError.INVALID_PARAMETER));
    }

    @Test
    void emptyAndNullAreEmpty() {
        assertThat(Form.parse(null).has("a")).isFalse();
        assertThat(Form.parse("").has("a")).isFalse();
        assertThat(Form.parse("").first("a")).isNull();
        assertThat(Form.parse("").all("a")).isEmpty();
        assertThat(Form.parse("&&&").has("")).isFalse();
    }

    @Test
    void plusAndPercent20AreSpaces() {
        Form f = Form.parse("a=x+y&b=x%20y&c=%2B&d=+%20+");
        assertThat(f.first("a")).isEqualTo("x y");
        assertThat(f.first("b")).isEqualTo("x y");
        assertThat(f.first("c")).isEqualTo("+");
        assertThat(f.first("d")).isEqualTo("   ");
    }

    @Test
    void keysAreDecodedToo() {
        Form f = Form.parse("Friendly%4Eame=v&a+b=1");
        assertThat(f.first("FriendlyName")).isEqualTo("v");
        assertThat(f.first("a b")).isEqualTo("1");
    }

    @Test
    void theNulCharacterIsRefusedEscapedOrRaw() {
        assertInvalid("a=x%00y");
        assertInvalid("a=x\0y");
        assertInvalid("a%00=1");
        assertThatThrownBy(() -> Form.parse("Tag=ok&Tag=%00")).isInstanceOfSatisfying(TwilioException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Invalid parameter Tag: must not contain the NUL character (%00)"));
    }

    @Test
    void repeatedKeysKeepOrderAndFirstWins() {
        Form f = Form.parse("Tag=b&Other=1&Tag=a&Tag=b");
        assertThat(f.all("Tag")).containsExactly("b", "a", "b");
        assertThat(f.first("Tag")).isEqualTo("b");
        assertThat(f.all("Missing")).isEmpty();
    }

    @Test
    void keyWithoutValueAndEmptyValues() {
        Form f = Form.parse("flag&empty=&=v&x=a=b");
        assertThat(f.has("flag")).isTrue();
        assertThat(f.first("flag")).isEmpty();
        assertThat(f.first("empty")).isEmpty();
        assertThat(f.first("")).isEqualTo("v");
        assertThat(f.first("x")).isEqualTo("a=b");
    }

    @Test
    void utf8PercentEscapesAndRawUnicode() {
        Form f = Form.parse("a=%C3%BC%E6%9D%8E%F0%9F%9A%80&b=ü李🚀&c=%c3%bc");
        assertThat(f.first("a")).isEqualTo("ü李🚀");
        assertThat(f.first("b")).isEqualTo("ü李🚀");
        assertThat(f.first("c")).isEqualTo("ü");
        assertThat(Form.parse("b=🚀+%41").first("b")).isEqualTo("🚀 A");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%ZZ", "a=%", "a=%4", "a=x%", "a=%G1", "%ZZ=1", "a=%%41", "a=%-1", "a=% 1"})
    void malformedEscapesAreInvalid(String encoded) {
        assertInvalid(encoded);
    }

    /** Percent-escapes take ASCII hex digits only: Arabic-Indic, fullwidth or Devanagari digits are not hex. */
    @ParameterizedTest
    @ValueSource(strings = {"a=%\u0664\u0661", "a=%4\u0661", "a=%\uff14\uff11", "a=%\u0966\u0967", "a=%\uff21\uff21"})
    void escapesWithNonAsciiDigitsAreInvalid(String encoded) {
        assertInvalid(encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%C3%28", "a=%FF", "a=%C3", "a=%ED%A0%80", "a=%F0%9F%9A", "a=%C0%AF", "a=%80"})
    void invalidUtf8IsInvalid(String encoded) {
        assertInvalid(encoded);
    }

    @Test
    void booleansAreCaseInsensitive() {
        Form f = Form.parse("a=TRUE&b=False&c=true&d=fAlSe");
        assertThat(f.bool("a")).isTrue();
        assertThat(f.bool("b")).isFalse();
        assertThat(f.bool("c")).isTrue();
        assertThat(f.bool("d")).isFalse();
        assertThat(f.bool("missing")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "1", "0", "yes", "", " true", "truefalse"})
    void otherBooleansAreInvalidAndNameTheParameter(String value) {
        Form f = Form.parse("LogEnabled=" + value.replace(" ", "+"));
        assertThatThrownBy(() -> f.bool("LogEnabled")).isInstanceOfSatisfying(TwilioException.class, e -> {
            assertThat(e.error()).isEqualTo(TwilioError.INVALID_PARAMETER);
            assertThat(e.getMessage()).contains("LogEnabled");
        });
    }

    @Test
    void manyParametersParse() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            s.append("Tag=t").append(i % 10).append('&');
        }
        Form f = Form.parse(s.toString());
        assertThat(f.all("Tag")).hasSize(100_000);
        assertThat(f.all("Tag").subList(0, 3)).isEqualTo(List.of("t0", "t1", "t2"));
    }
}
