package dev.herald.delivery;

/**
 * How one attempt ended. {@code request} is the provider request the channel built, as JSON text ({@code
 * {"headers": {…}, "body": …}}), when it keeps one (the sandbox does), else null.
 */
public sealed interface Outcome {
    String request();

    /** The provider accepted the notification; {@code providerMessageId} may be null. */
    record Delivered(String providerMessageId, String request) implements Outcome {
    }

    /**
     * The provider refused it for good: no retry. {@code deadAddress} says that the address will never work again
     * (unregistered, invalid), so its Binding is deleted, unless it was updated after {@code invalidatedAtMillis}
     * (the provider's invalidation time, epoch milliseconds; null when not given: the attempt's start).
     */
    record Rejected(int errorCode, String errorMessage, boolean deadAddress, Long invalidatedAtMillis, String request)
            implements Outcome {
    }

    /** It did not get through this time: retried with backoff, not before {@code retryAfterMillis} when given. */
    record Failed(int errorCode, String errorMessage, Long retryAfterMillis, String request) implements Outcome {
    }
}
