package dev.herald.domain;

/**
 * An account as {@code herald accounts list} shows it: never its token nor the token's hash.
 *
 * @param tokenSealed whether Herald keeps the account's token (sealed), so can sign on its behalf
 */
public record AccountSummary(String sid, long dateCreated, boolean tokenSealed) {
}
