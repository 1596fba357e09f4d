/**
 * Configuration, checked once at start-up: flags and environment ({@link dev.herald.config.Config},
 * {@link dev.herald.config.DbConfig}) and the data directory with its master key. A bad value is a
 * {@link dev.herald.config.ConfigException} with a one-sentence message.
 */
package dev.herald.config;
