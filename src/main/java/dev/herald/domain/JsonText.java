package dev.herald.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON text (RFC 8259) for the domain, which imports no JSON library: objects as
 * insertion-ordered maps (a duplicate key is malformed), arrays as lists, strings, numbers as {@code BigDecimal}, booleans,
 * and {@link #NULL} for the literal {@code null}. Nesting is bounded. A failure says nothing of the text.
 */
final class JsonText {
    /** The JSON literal {@code null}. */
    static final Object NULL = new Object();
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private JsonText(String text) {
        this.text = text;
    }

    /** Thrown on malformed text; carries no part of it. */
    static final class MalformedException extends Exception {
        MalformedException() {
            super("not valid JSON", null, false, false);
        }
    }

    static Object parse(String text) throws MalformedException {
        JsonText reader = new JsonText(text);
        Object value = reader.value(0);
        reader.space();
        if (reader.at != text.length()) {
            throw new MalformedException();
        }
        return value;
    }

    private Object value(int depth) throws MalformedException {
        space();
        if (depth > MAX_DEPTH || at >= text.length()) {
            throw new MalformedException();
        }
        char c = text.charAt(at);
        if (c == '{') {
            return object(depth);
        }
        if (c == '[') {
            return array(depth);
        }
        if (c == '"') {
            return string();
        }
        if (literal("true")) {
            return Boolean.TRUE;
        }
        if (literal("false")) {
            return Boolean.FALSE;
        }
        if (literal("null")) {
            return NULL;
        }
        return number();
    }

    private Map<String, Object> object(int depth) throws MalformedException {
        at++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (take('}')) {
            return members;
        }
        do {
            space();
            if (at >= text.length() || text.charAt(at) != '"') {
                throw new MalformedException();
            }
            String key = string();
            space();
            expect(':');
            if (members.put(key, value(depth + 1)) != null) {
                throw new MalformedException();
            }
            space();
        } while (take(','));
        expect('}');
        return members;
    }

    private List<Object> array(int depth) throws MalformedException {
        at++;
        List<Object> items = new ArrayList<>();
        space();
        if (take(']')) {
            return items;
        }
        do {
            items.add(value(depth + 1));
            space();
        } while (take(','));
        expect(']');
        return items;
    }

    private String string() throws MalformedException {
        at++;
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new MalformedException();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw new MalformedException();
            }
        }
        throw new MalformedException();
    }

    private char unicodeEscape() throws MalformedException {
        if (at + 4 > text.length()) {
            throw new MalformedException();
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
                throw new MalformedException();
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    /** A number: {@code -? int frac? exp?}. */
    private BigDecimal number() throws MalformedException {
        int start = at;
        take('-');
        if (take('0')) {
            if (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                throw new MalformedException(); // a leading zero
            }
        } else {
            digits(1);
        }
        if (take('.')) {
            digits(1);
        }
        if (take('e') || take('E')) {
            if (!take('+')) {
                take('-');
            }
            digits(1);
        }
        try {
            return new BigDecimal(text.substring(start, at));
        } catch (NumberFormatException e) { // an exponent beyond int
            throw new MalformedException();
        }
    }

    private void digits(int atLeast) throws MalformedException {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at - start < atLeast) {
            throw new MalformedException();
        }
    }

    private boolean literal(String word) {
        if (text.startsWith(word, at)) {
            at += word.length();
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws MalformedException {
        if (!take(c)) {
            throw new MalformedException();
        }
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
