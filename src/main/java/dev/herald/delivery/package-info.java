/**
 * The delivery engine (to come with Notifications): the dispatcher that takes queued deliveries, a
 * {@code Channel} per kind of Binding, and a sealed outcome type — delivered, rejected (permanent: stop and clean
 * up the Binding) or failed (transient: retry with backoff within the TTL). Depends on {@code domain} only.
 * Provider libraries are imported only by the channel packages below it.
 */
package dev.herald.delivery;
