package dev.herald.delivery.sms;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Channel;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.delivery.http.KeepAlivePool;
import dev.herald.delivery.ProviderRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers sms Bindings through a Twilio-compatible Messages API: {@code POST
 * <url>/2010-04-01/Accounts/<account>/Messages.json}, HTTP Basic as the configured account, with the form {@link
 * Payloads#sms} builds (the sandbox's: {@code To}, {@code Body}, each {@code MediaUrl}, {@code MessagingServiceSid},
 * {@code StatusCallback}, {@code MaxPrice}). A message with neither body nor media is rejected (21602) without a
 * request, and every delivery is rejected (52000) when no account is set up. Requests go over a {@link
 * KeepAlivePool} of {@link SmsSettings#connections} HTTP/1.1 keep-alive connections on one event-loop thread (https
 * with the JDK's default trust). Each request times out after {@link SmsSettings#requestTimeout} (queueing for a
 * connection included); a timeout, a connection lost or refused, a reset fail the attempt (transient, retried);
 * answers map to outcomes as {@link SmsOutcomes} says. A refused account is logged once; no message or log line
 * holds a phone number or the auth token. {@link #send} returns at once and never completes exceptionally; the
 * futures complete on the pool's event-loop thread. {@link #close} fails what is still in flight. Thread-safe.
 */
public final class SmsChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(SmsChannel.class);
    /** Twilio's "Message body is required": the code of an SMS with neither a body nor media. */
    static final int NO_BODY = 21602;

    private final SmsSettings settings;
    private final String path;
    private final Map<String, String> headers;
    private final KeepAlivePool http;
    private final AtomicBoolean reported = new AtomicBoolean();

    public SmsChannel(SmsSettings settings) {
        this.settings = settings;
        if (settings.accountSid() == null) {
            this.path = null;
            this.headers = null;
            this.http = null;
            return;
        }
        String base = settings.url().toString().replaceAll("/+$", "");
        URI messages = URI.create(base + "/2010-04-01/Accounts/" + settings.accountSid() + "/Messages.json");
        this.path = messages.getRawPath() + (messages.getRawQuery() == null ? "" : "?" + messages.getRawQuery());
        this.headers = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8)));
        this.http = KeepAlivePool.open("sms", "SMS API", messages, settings.connections(), settings.requestTimeout());
    }

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        if (http == null) {
            return done(new Outcome.Rejected(52000, "SMS are not set up on this server: it needs "
                    + "HERALD_SMS_ACCOUNT_SID and HERALD_SMS_AUTH_TOKEN.", false, null, null));
        }
        ProviderRequest request;
        try {
            request = Payloads.sms(attempt);
        } catch (RuntimeException e) {
            return done(new Outcome.Rejected(52000, "Internal notification error: the notification could not be "
                    + "translated into an SMS.", false, null, null));
        }
        @SuppressWarnings("unchecked")
        Map<String, List<String>> form = (Map<String, List<String>>) request.body();
        if (!form.containsKey("Body") && !form.containsKey("MediaUrl")) {
            return done(new Outcome.Rejected(NO_BODY, "Message body is required: an SMS needs the Notification's "
                    + "Body or Sms.media_urls.", false, null, null));
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(request.headers());
        return http.post(path, all, encode(form).getBytes(StandardCharsets.UTF_8)).handle((response, error) -> {
            if (error != null) {
                return SmsOutcomes.failure(error);
            }
            int status = response.status();
            if ((status == 401 || status == 403) && reported.compareAndSet(false, true)) {
                LOG.warn("The SMS API refused Herald's SMS account (HTTP {}): sms deliveries are rejected until "
                        + "HERALD_SMS_ACCOUNT_SID and HERALD_SMS_AUTH_TOKEN name an account it accepts.", status);
            }
            return SmsOutcomes.of(status, response.body(), response.retryAfter(), System.currentTimeMillis());
        });
    }

    static String encode(Map<String, List<String>> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((name, values) -> values.forEach(value -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }));
        return out.toString();
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    /** Closes the connections; attempts still in flight or queued complete as failed. */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
