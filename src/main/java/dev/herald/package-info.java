/**
 * The wiring of one running Herald ({@link dev.herald.Herald}): opens the data directory and the database, builds
 * the use cases on the stores and starts the HTTP server, by hand, without a container. Used by {@code cli} only.
 */
package dev.herald;
