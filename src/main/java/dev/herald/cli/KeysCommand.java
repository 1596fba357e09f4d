package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.domain.ApiKey;
import dev.herald.domain.InvalidParameterException;
import dev.herald.domain.Keys;
import dev.herald.domain.NotFoundException;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.Sids;
import dev.herald.domain.Slice;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald keys create|list|revoke}: the API keys of an account, which authenticate as it (key SID and secret
 * instead of account SID and auth token). The secret is printed once, by {@code create}; Herald keeps its hash.
 */
@Command(name = "keys", description = "Manage API keys.", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand {
    private static final int PAGE = 1000;

    @Command(name = "create", description = "Create an API key of an account and print key_sid=… and key_secret=… "
            + "lines (the secret is shown this once).", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        AccountOption account;

        @Option(names = "--friendly-name", paramLabel = "NAME",
                description = "A name for the key (at most 64 characters)")
        String friendlyName;

        @Override
        public Integer call() {
            String sid = account.sid();
            Keys.NewKey key = Herald.withKeys(store.dbConfig(), store.data, keys -> {
                try {
                    return keys.create(sid, friendlyName);
                } catch (NotFoundException e) {
                    throw new IllegalArgumentException("There is no account " + sid + " in this store.");
                } catch (InvalidParameterException e) {
                    throw new IllegalArgumentException("--friendly-name " + e.detail() + ".");
                }
            });
            System.out.println("key_sid=" + key.key().sid());
            System.out.println("key_secret=" + key.secret());
            return 0;
        }
    }

    @Command(name = "list", description = "List an account's API keys: SID, date created and friendly name, one per "
            + "line (never their secrets).", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        AccountOption account;

        @Override
        public Integer call() {
            String sid = account.sid();
            Herald.withKeys(store.dbConfig(), store.data, keys -> {
                PageRequest page = PageRequest.first(PAGE);
                while (true) {
                    Slice<ApiKey> slice = keys.list(sid, page);
                    for (ApiKey key : slice.items()) {
                        System.out.println(key.sid() + "\t" + Instant.ofEpochSecond(key.dateCreated()) + "\t"
                                + (key.friendlyName() == null ? "" : key.friendlyName()));
                    }
                    if (!slice.more()) {
                        return null;
                    }
                    ApiKey last = slice.items().get(slice.items().size() - 1);
                    page = new PageRequest(PAGE, new Position(last.dateCreated(), last.sid()), null);
                }
            });
            return 0;
        }
    }

    @Command(name = "revoke", description = "Delete an API key: it authenticates no more, at once.",
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "KEY_SID", description = "SK followed by 32 hex digits")
        String key;

        @Option(names = "--account", paramLabel = "ACCOUNT_SID", description = "the account the key must belong to")
        String account;

        @Override
        public Integer call() {
            if (!Sids.isValid(Sids.API_KEY, key)) {
                throw new IllegalArgumentException("KEY_SID must be SK followed by 32 hex digits, not \"" + key
                        + "\".");
            }
            String owner = account == null ? null : accountSid(account);
            String revokedOf = Herald.withKeys(store.dbConfig(), store.data, keys -> {
                try {
                    return keys.revoke(owner, key);
                } catch (NotFoundException e) {
                    throw new IllegalArgumentException("There is no API key " + Sids.canonical(key)
                            + (owner == null ? "" : " of account " + owner) + " in this store.");
                }
            });
            System.out.println("revoked=" + Sids.canonical(key) + " account_sid=" + revokedOf);
            return 0;
        }
    }

    /** The account whose keys {@code create} and {@code list} work on. */
    static final class AccountOption {
        @Option(names = "--account", required = true, paramLabel = "ACCOUNT_SID",
                description = "AC followed by 32 hex digits")
        String value;

        String sid() {
            return accountSid(value);
        }
    }

    private static String accountSid(String value) {
        if (!Sids.isValid(Sids.ACCOUNT, value)) {
            throw new IllegalArgumentException("--account must be AC followed by 32 hex digits, not \"" + value
                    + "\".");
        }
        return Sids.canonical(value);
    }
}
