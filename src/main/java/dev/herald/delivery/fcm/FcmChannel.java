package dev.herald.delivery.fcm;

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers fcm and gcm Bindings through FCM HTTP v1 ({@code POST <url>/v1/projects/<project>/messages:send}) with
 * the request {@link Payloads#fcm} builds (the sandbox's), authorised by an OAuth2 access token of the Credential's
 * service account ({@link FcmTokens}: cached, refreshed before expiry on the channel's own two threads, never one
 * token request per message). One {@link HttpClient} speaks HTTP/2 to FCM, many requests sharing its connection:
 * JDK 17's client fails the requests beyond the streams the server allows, so {@link #maxInFlight} stays within them
 * (FCM allows 100). Each request times out after {@link FcmSettings#requestTimeout}. {@link #send} returns at once and
 * never completes exceptionally; answers map to outcomes as {@link FcmOutcomes} says. A Credential FCM or Google's
 * token endpoint refuses rejects its deliveries with 52101 and is logged once per version of it, by SID only; no
 * message or log line holds a registration token, a secret or an access token. Thread-safe.
 */
public final class FcmChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(FcmChannel.class);
    private static final AtomicInteger CHANNELS = new AtomicInteger();

    private final FcmSettings settings;
    private final String base;
    private final ScheduledExecutorService executor;
    private final HttpClient http;
    private final FcmTokens tokens;
    /** Credential versions already reported as refused. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public FcmChannel(FcmSettings settings) {
        this.settings = settings;
        String url = settings.url().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        int n = CHANNELS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "herald-fcm-" + n + "-tokens-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(Tls.context(settings.trusted())).connectTimeout(Duration.ofSeconds(10)).build();
        this.tokens = new FcmTokens(executor);
        executor.scheduleAtFixedRate(tokens::dropIdle, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        Credential credential = attempt.target().credential();
        if (credential == null) {
            return done(FcmOutcomes.credentialRefused("no fcm Credential applies"));
        }
        ProviderRequest request;
        try {
            request = Payloads.fcm(attempt);
        } catch (RuntimeException | StackOverflowError e) {
            return done(new Outcome.Rejected(52000, "Internal notification error: the notification could not be "
                    + "translated into an FCM request.", false, null, null));
        }
        if (request.path().startsWith("/v1/projects/-/")) {
            return done(refused(credential, "the Credential's Secret is not a service-account JSON with a "
                    + "project_id"));
        }
        try {
            return tokens.token(credential)
                    .thenCompose(token -> post(token, request, credential, attempt.target().address()))
                    .exceptionally(FcmOutcomes::failure);
        } catch (RejectedExecutionException e) {
            return done(new Outcome.Failed(FcmOutcomes.UNAVAILABLE, "The FCM channel is closed.", null, null));
        }
    }

    private CompletableFuture<Outcome> post(FcmTokens.Token token, ProviderRequest request, Credential credential,
                                            String address) {
        if (token instanceof FcmTokens.Refused r) {
            return done(refused(credential, r.why()));
        }
        if (token instanceof FcmTokens.Unavailable u) {
            return done(new Outcome.Failed(FcmOutcomes.UNAVAILABLE, "FCM: no access token: " + u.why() + ".", null,
                    null));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(settings.requestTimeout())
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.bodyJson()))
                .header("Authorization", "Bearer " + ((FcmTokens.Bearer) token).value());
        request.headers().forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return FcmOutcomes.failure(error);
            }
            Outcome outcome = FcmOutcomes.of(response.statusCode(), response.body(),
                    response.headers().firstValue("retry-after").orElse(null), address, System.currentTimeMillis());
            if (outcome instanceof Outcome.Rejected r && r.errorCode() == FcmOutcomes.INVALID_CREDENTIALS) {
                report(credential, r.errorMessage());
            }
            return outcome;
        });
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    private Outcome.Rejected refused(Credential credential, String why) {
        Outcome.Rejected rejected = FcmOutcomes.credentialRefused(why);
        report(credential, rejected.errorMessage());
        return rejected;
    }

    private void report(Credential credential, String why) {
        if (reported.add(credential.sid() + "@" + credential.version())) {
            LOG.warn("FCM refused Credential {}: {} Its deliveries are rejected with 52101 until it is updated.",
                    credential.sid(), why);
        }
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** Stops the token threads; requests in flight complete on their own (JDK 17's client cannot be closed). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
