package dev.herald.delivery.apns;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.herald.delivery.Attempt;
import dev.herald.delivery.Channel;
import dev.herald.delivery.Outcome;
import dev.herald.delivery.Payloads;
import dev.herald.domain.Credential;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers apn Bindings to Apple's HTTP/2 provider API through Pushy, with the request {@link Payloads#apns} builds
 * (the sandbox's): certificate authentication (the Credential's {@code Certificate} and {@code PrivateKey}) or token
 * authentication (its {@code KeyId}, {@code TeamId}, {@code BundleId} and .p8 {@code PrivateKey}). Many attempts
 * share each connection; Pushy holds those beyond the server's stream limit, and the engine never has more than
 * {@link #maxInFlight} outstanding. A Credential APNs refuses rejects its deliveries with 52131 and is logged once
 * per version of it, by SID only. Thread-safe.
 */
public final class ApnsChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(ApnsChannel.class);
    /** Apple's device tokens are hex (64 digits today); anything else can never be delivered. */
    private static final int MAX_TOKEN = 200;

    private final ApnsSettings settings;
    private final EventLoopGroup group;
    private final ApnsClients clients;
    private final ApnsRequests requests = new ApnsRequests();
    /** Credential versions already reported as refused. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public ApnsChannel(ApnsSettings settings) {
        this.settings = settings;
        this.group = new NioEventLoopGroup(2);
        this.clients = new ApnsClients(settings, group);
    }

    @Override
    public CompletableFuture<Outcome> send(Attempt attempt) {
        String token = attempt.target().address();
        if (!isHex(token)) {
            return done(new Outcome.Rejected(ApnsOutcomes.BAD_TOKEN, "APNs: the device token is not a hex string, "
                    + "so it can never be delivered to.", true, null, null));
        }
        Credential credential = attempt.target().credential();
        long version = credential == null ? 0 : credential.version();
        ApnsRequests.Prepared prepared = requests.of(attempt, version);
        if (prepared instanceof ApnsRequests.Refused refused) {
            return done(refused.outcome());
        }
        ApnsRequests.Ready ready = (ApnsRequests.Ready) prepared;
        ApnsClient client;
        try {
            client = clients.client(credential, version);
        } catch (GeneralSecurityException e) {
            report(credential, e.getMessage());
            return done(ApnsOutcomes.credentialRefused(e.getMessage()));
        }
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(token, ready.topic(), ready.body(),
                ready.expiration(), ready.priority(), ready.pushType());
        return client.sendNotification(notification).handle((response, error) -> {
            Outcome outcome = error != null ? ApnsOutcomes.failure(error) : ApnsOutcomes.of(response);
            if (outcome instanceof Outcome.Rejected r && r.errorCode() == ApnsOutcomes.INVALID_CREDENTIALS) {
                report(credential, r.errorMessage());
            }
            return outcome;
        });
    }

    /** Whether {@code token} is 1 to {@value #MAX_TOKEN} hex digits (a loop: a regex costs more on every delivery). */
    static boolean isHex(String token) {
        int n = token.length();
        if (n == 0 || n > MAX_TOKEN) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    private void report(Credential credential, String why) {
        if (reported.add(credential.sid() + "@" + credential.version())) {
            LOG.warn("APNs refused Credential {}: {} Its deliveries are rejected with 52131 until it is updated.",
                    credential.sid(), why);
        }
    }

    private static CompletableFuture<Outcome> done(Outcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    /** Closes the connections (attempts in flight complete as failed) and the event loops. */
    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
