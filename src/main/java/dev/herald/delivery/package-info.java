/**
 * The delivery engine: {@code DeliveryEngine} expands Notifications into deliveries, claims them, hands each to
 * the {@code Channel} of its Binding type and records the {@code Outcome} — delivered, rejected (permanent: stop,
 * and clean up a dead address's Binding) or failed (transient: retry with backoff within the TTL). {@code
 * Payloads} builds the provider requests. Depends on {@code domain} (and Jackson for the JSON it builds);
 * provider libraries are imported only by the channel packages below it.
 */
package dev.herald.delivery;
