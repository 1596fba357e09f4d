/**
 * The sandbox channel: builds the exact provider request of every attempt and answers at once, without a network,
 * by rules on the address ({@code invalid…} is unregistered, {@code flaky…} fails twice) and the providers' size
 * limits. For trying Herald and for tests. Depends on {@code delivery} and {@code domain} only.
 */
package dev.herald.delivery.sandbox;
