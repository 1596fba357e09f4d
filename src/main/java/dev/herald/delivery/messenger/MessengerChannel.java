package dev.herald.delivery.messenger;

import dev.herald.delivery.Attempt;
import dev.herald.delivery.Channel;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.delivery.ProviderRequest;
import dev.herald.domain.Credential;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers facebook-messenger Bindings through the Send API ({@code POST <url>/v2.0/me/messages}) with the JSON
 * {@link Payloads#facebookMessenger} builds (the sandbox's: {@code recipient.id} the address, {@code message.text} the
 * Body, the {@code FacebookMessenger} override merged at the root), authorised as the page whose access token is
 * the Secret of the delivery's facebook-messenger Credential ({@code Authorization: Bearer}, never in the URL). A
 * request with no message is rejected (52203) without being sent. Answers map to outcomes as {@link
 * MessengerOutcomes} says; a refused token is logged once per Credential version, by SID. No message or log line
 * holds a recipient ID or a token. {@link #send} returns at once and never completes exceptionally. Thread-safe.
 */
public final class MessengerChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(MessengerChannel.class);
    /** Notify's "Facebook Messenger: missing body". */
    static final int NO_BODY = 52203;

    private final MessengerSettings settings;
    private final String base;
    private final HttpClient http;
    /** Credential versions already reported as refused. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public MessengerChannel(MessengerSettings settings) {
        this.settings = settings;
        this.base = settings.url().toString().replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        Credential credential = attempt.target().credential();
        if (credential == null || credential.secrets().secret() == null) {
            return done(new Outcome.Rejected(MessengerOutcomes.PROVIDER_ERROR, "No page access token: the "
                    + "facebook-messenger Credential has no Secret.", false, null, null));
        }
        ProviderRequest request;
        try {
            request = Payloads.facebookMessenger(attempt);
        } catch (RuntimeException | StackOverflowError e) {
            return done(new Outcome.Rejected(52000, "Internal notification error: the notification could not be "
                    + "translated into a Messenger request.", false, null, null));
        }
        if (!(request.body() instanceof Map<?, ?> root) || !root.containsKey("message")) {
            return done(new Outcome.Rejected(NO_BODY, "Facebook Messenger: missing body (the Notification has no "
                    + "Body and its FacebookMessenger override no message).", false, null, null));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(settings.requestTimeout())
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.bodyJson()))
                .header("Authorization", "Bearer " + credential.secrets().secret());
        request.headers().forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return MessengerOutcomes.failure(error);
            }
            Outcome outcome = MessengerOutcomes.of(response.statusCode(), response.body(),
                    response.headers().firstValue("retry-after").orElse(null), System.currentTimeMillis());
            if (outcome instanceof Outcome.Rejected r && r.errorMessage().contains("page access token")
                    && reported.add(credential.sid() + "@" + credential.version())) {
                LOG.warn("Facebook refused the page access token of Credential {} ({}): its Messenger deliveries "
                        + "are rejected until it is updated.", credential.sid(), r.errorMessage());
            }
            return outcome;
        });
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
