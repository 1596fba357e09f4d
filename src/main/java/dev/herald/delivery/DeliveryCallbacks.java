package dev.herald.delivery;

import dev.herald.domain.CallbackForm;
import dev.herald.domain.DeliveryQueue.Callback;
import dev.herald.domain.DeliveryQueue.Claimed;
import dev.herald.domain.DeliveryQueue.Result;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.Notification;
import dev.herald.domain.Service;

/**
 * The delivery callback of an outcome, when its Service has {@code delivery_callback_enabled}: POSTed to the
 * Notification's {@code DeliveryCallbackUrl}, else the Service's {@code delivery_callback_url} (none: no
 * callback), with the fields of {@link CallbackForm}.
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
        // a final outcome's form is built from the delivery's row when the callback is sent
        String form = r.status() != DeliveryStatus.QUEUED ? null : CallbackForm.of(n.sid(), n.serviceSid(),
                n.accountSid(), c.bindingSid(), c.bindingType(), c.identity(), r.status(), r.errorCode(),
                r.errorMessage(), r.providerMessageId(), c.attempt(), Math.floorDiv(nowMillis, 1000));
        return r.withCallback(new Callback(n.sid(), n.accountSid(), url, form));
    }
}
