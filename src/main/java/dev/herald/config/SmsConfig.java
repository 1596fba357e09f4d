package dev.herald.config;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where live delivery sends SMS: {@code url}, the base of a Twilio-compatible Messages API ({@code
 * /2010-04-01/Accounts/<accountSid>/Messages.json} is appended), and the account it sends as, {@code accountSid}
 * with {@code authToken} (HTTP Basic), both null when SMS is not set up: sms deliveries are then rejected with a
 * message that says so. {@code toString} leaves out the token.
 */
public record SmsConfig(URI url, String accountSid, String authToken) {
    public static final URI TWILIO = URI.create("https://api.twilio.com");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9]{1,64}");

    public SmsConfig {
        Objects.requireNonNull(url, "url must not be null.");
        if ((accountSid == null) != (authToken == null)) {
            throw new IllegalArgumentException("accountSid and authToken must be given together.");
        }
    }

    public static SmsConfig defaults() {
        return new SmsConfig(TWILIO, null, null);
    }

    /** Whether an account to send as is set. */
    public boolean configured() {
        return accountSid != null;
    }

    /**
     * Checks the settings as given (null or blank: the default, or no account); fails with a one-sentence {@link
     * ConfigException}. The account SID goes into the request path, so it is letters and digits only.
     */
    public static SmsConfig parse(String url, String accountSid, String authToken) {
        URI base = url == null || url.isBlank() ? TWILIO : ProviderConfig.endpoint("SMS URL", url.trim(), TWILIO);
        String sid = accountSid == null || accountSid.isBlank() ? null : accountSid.trim();
        String token = authToken == null || authToken.isBlank() ? null : authToken.trim();
        if ((sid == null) != (token == null)) {
            throw new ConfigException("HERALD_SMS_ACCOUNT_SID and HERALD_SMS_AUTH_TOKEN must be set together.");
        }
        if (sid != null && !ACCOUNT.matcher(sid).matches()) {
            throw new ConfigException("HERALD_SMS_ACCOUNT_SID must be 1 to 64 letters and digits, such as AC followed "
                    + "by 32 hex digits.");
        }
        return new SmsConfig(base, sid, token);
    }

    @Override
    public String toString() {
        return "SmsConfig[url=" + url + ", accountSid=" + accountSid + "]";
    }
}
