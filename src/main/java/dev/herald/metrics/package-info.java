/**
 * Herald's figures in Prometheus' format, through Micrometer: the one package that imports Micrometer. It knows
 * nothing of Herald's other packages; the wiring ({@link dev.herald.Herald}) hands it plain suppliers and records
 * requests into it.
 */
package dev.herald.metrics;
