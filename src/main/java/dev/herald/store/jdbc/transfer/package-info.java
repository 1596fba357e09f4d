/**
 * Export and import of a whole store as JSON Lines ({@code herald export} / {@code herald import}), table by table
 * in SQL; {@link dev.herald.store.jdbc.transfer.Transfers} is the entry point.
 */
package dev.herald.store.jdbc.transfer;
