package dev.herald.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Callback URLs must be absolute http(s) URLs. */
final class CallbackUrls {
    private CallbackUrls() {
    }

    static String check(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        Validate.maxLength(parameter, value, 2048);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // fall through to the error below
        }
        throw new InvalidParameterException(parameter, "must be an absolute http or https URL");
    }
}
