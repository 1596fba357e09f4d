package dev.herald.delivery;

import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import java.time.Clock;

/**
 * What an attempt's {@link Outcome} makes of its delivery: delivered and rejected are final (a rejection for a
 * dead address deletes the Binding, as of when the provider says it became invalid); failed is due again after
 * the backoff, or expired when that would pass the Notification's deadline or the last allowed attempt.
 * Thread-safe.
 */
final class OutcomeResults {
    static final int EXPIRED_CODE = 52310;

    private final Clock clock;
    private final EngineSettings settings;
    private final Backoff backoff;

    OutcomeResults(Clock clock, EngineSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffBase().toMillis(), settings.backoffMax().toMillis());
    }

    Result result(Claimed c, Notification n, Outcome outcome) {
        long now = clock.millis();
        if (outcome instanceof Outcome.Delivered d) {
            return new Result(c.id(), c.notificationSid(), DeliveryStatus.DELIVERED, 0, null, null,
                    d.providerMessageId(), d.request(), false, n.serviceSid(), c.bindingSid(), 0);
        }
        if (outcome instanceof Outcome.Rejected r) {
            return new Result(c.id(), c.notificationSid(), DeliveryStatus.REJECTED, 0, r.errorCode(), r.errorMessage(),
                    null, r.request(), r.deadAddress(), n.serviceSid(), c.bindingSid(),
                    (r.invalidatedAtMillis() != null ? r.invalidatedAtMillis() : now) / 1000);
        }
        return retry(c, n, (Outcome.Failed) outcome, now);
    }

    private Result retry(Claimed c, Notification n, Outcome.Failed f, long now) {
        long due = now + backoff.delayMillis(c.attempt(), f.retryAfterMillis());
        if (n.ttl() == 0 || due / 1000 >= n.deadline()) {
            return new Result(c.id(), c.notificationSid(), DeliveryStatus.EXPIRED, 0, EXPIRED_CODE,
                    "Notification TTL has expired; the last attempt failed: " + f.errorMessage(), null, f.request(),
                    false, n.serviceSid(), c.bindingSid(), 0);
        }
        if (c.attempt() >= settings.maxAttempts()) {
            return new Result(c.id(), c.notificationSid(), DeliveryStatus.EXPIRED, 0, f.errorCode(),
                    "Gave up after " + c.attempt() + " attempts: " + f.errorMessage(), null, f.request(), false,
                    n.serviceSid(), c.bindingSid(), 0);
        }
        return new Result(c.id(), c.notificationSid(), DeliveryStatus.QUEUED, due, f.errorCode(), f.errorMessage(),
                null, f.request(), false, n.serviceSid(), c.bindingSid(), 0);
    }

    static Result refused(Claimed c, DeliveryStatus status, int code, String message) {
        return new Result(c.id(), c.notificationSid(), status, 0, code, message, null, null, false, null, null, 0);
    }
}
