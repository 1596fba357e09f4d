package dev.herald.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a delivery callback, form-encoded: {@code NotificationSid}, {@code ServiceSid}, {@code AccountSid},
 * {@code BindingSid} (none for a {@code ToBinding} target), {@code BindingType}, {@code Identity} (idem), {@code
 * Status} ({@code delivered}, {@code rejected}, {@code expired}, or {@code failed} for an attempt that will be
 * retried: {@code status} {@link DeliveryStatus#QUEUED}), {@code Retrying} ({@code true} with {@code failed}, else
 * {@code false}), {@code ErrorCode} and {@code ErrorMessage} (when there is an error), {@code ProviderMessageId}
 * (when the provider gave one), {@code Attempt} (its number, from 1) and {@code Timestamp} (UTC, {@code
 * 2015-07-30T20:00:00Z}), in this order, each only when it has a value. Built when the outcome is recorded for an
 * attempt to be retried, and from the delivery's row when it is sent for a final outcome: the same fields either way.
 */
public final class CallbackForm {
    private CallbackForm() {
    }

    public static String of(String notificationSid, String serviceSid, String accountSid, String bindingSid,
                            BindingType bindingType, String identity, DeliveryStatus status, Integer errorCode,
                            String errorMessage, String providerMessageId, int attempt, long timestampSeconds) {
        boolean retrying = status == DeliveryStatus.QUEUED;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("NotificationSid", notificationSid);
        form.put("ServiceSid", serviceSid);
        form.put("AccountSid", accountSid);
        form.put("BindingSid", bindingSid);
        form.put("BindingType", bindingType.wire());
        form.put("Identity", identity);
        form.put("Status", retrying ? "failed" : status.wire());
        form.put("Retrying", Boolean.toString(retrying));
        form.put("ErrorCode", errorCode == null ? null : errorCode.toString());
        form.put("ErrorMessage", errorMessage);
        form.put("ProviderMessageId", providerMessageId);
        form.put("Attempt", Integer.toString(attempt));
        form.put("Timestamp", Instant.ofEpochSecond(timestampSeconds).toString());
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            if (value != null) {
                body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return body.toString();
    }
}
