package dev.herald.delivery;

import dev.herald.domain.DeliveryQueue.Callback;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import dev.herald.domain.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery callback of an outcome, when its Service has {@code delivery_callback_enabled}: POSTed to the
 * Notification's {@code DeliveryCallbackUrl}, else the Service's {@code delivery_callback_url} (none: no
 * callback), form-encoded with {@code NotificationSid}, {@code ServiceSid}, {@code AccountSid}, {@code BindingSid}
 * (not for a {@code ToBinding} target), {@code BindingType}, {@code Identity} (idem), {@code Status} ({@code
 * delivered}, {@code rejected}, {@code expired}, or {@code failed} for an attempt that will be retried), {@code
 * Retrying} ({@code true} with {@code failed}, else {@code false}), {@code ErrorCode} and {@code ErrorMessage} (when
 * there is an error), {@code ProviderMessageId} (when the provider gave one), {@code Attempt} (its number, from 1)
 * and {@code Timestamp} (UTC, {@code 2015-07-30T20:00:00Z}).
 */
final class DeliveryCallbacks {
    private DeliveryCallbacks() {
    }

    /** {@code r} with its callback, or as it is when {@code service} (null: unknown) wants none. */
    static Result withCallback(Result r, Claimed c, Notification n, Service service, long nowMillis) {
        if (service == null || !service.deliveryCallbackEnabled()) {
            return r;
        }
        String url = n.deliveryCallbackUrl() != null ? n.deliveryCallbackUrl() : service.deliveryCallbackUrl();
        if (url == null) {
            return r;
        }
        boolean retrying = r.status() == DeliveryStatus.QUEUED;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("NotificationSid", n.sid());
        form.put("ServiceSid", n.serviceSid());
        form.put("AccountSid", n.accountSid());
        form.put("BindingSid", c.bindingSid());
        form.put("BindingType", c.bindingType().wire());
        form.put("Identity", c.identity());
        form.put("Status", retrying ? "failed" : r.status().wire());
        form.put("Retrying", Boolean.toString(retrying));
        form.put("ErrorCode", r.errorCode() == null ? null : r.errorCode().toString());
        form.put("ErrorMessage", r.errorMessage());
        form.put("ProviderMessageId", r.providerMessageId());
        form.put("Attempt", Integer.toString(c.attempt()));
        form.put("Timestamp", Instant.ofEpochMilli(nowMillis).truncatedTo(ChronoUnit.SECONDS).toString());
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            if (value != null) {
                body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return r.withCallback(new Callback(n.sid(), n.accountSid(), url, body.toString()));
    }
}
