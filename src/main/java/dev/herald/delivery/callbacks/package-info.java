/**
 * Delivery callbacks: {@code CallbackSender} takes the callbacks the engine queued with its outcomes and POSTs them,
 * signed as Twilio signs its webhooks ({@code TwilioSignature}), to http(s) URLs that are not private addresses
 * unless allowed ({@code CallbackAddresses}), retrying with backoff. Its own thread and HTTP client: a slow or dead
 * endpoint never holds up deliveries.
 */
package dev.herald.delivery.callbacks;
