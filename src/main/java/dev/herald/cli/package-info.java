/**
 * The command line ({@link dev.herald.cli.Main}, picocli): {@code serve}, {@code accounts create}, {@code migrate},
 * {@code export} and {@code import}. Uses the wiring in {@code dev.herald} and, of {@code store.jdbc}, only its
 * entry points ({@code Database}, {@code Transfers}).
 */
package dev.herald.cli;
