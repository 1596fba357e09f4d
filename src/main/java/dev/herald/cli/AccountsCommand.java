package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.domain.AccountStore;
import dev.herald.domain.AccountSummary;
import dev.herald.domain.Accounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald accounts create}: adds an account and prints its SID and auth token; {@code herald accounts
 * set-token AC…}: sets an account's token, read from standard input (never from the command line, which other users
 * of the machine may see); {@code list}, {@code rotate-token AC…} and {@code delete AC… [--force]}.
 */
@Command(name = "accounts", description = "Manage accounts.", mixinStandardHelpOptions = true,
        subcommands = {AccountsCommand.Create.class, AccountsCommand.SetToken.class, AccountsCommand.ListAll.class,
                AccountsCommand.RotateToken.class, AccountsCommand.Delete.class})
public final class AccountsCommand {
    /** The store and the ACCOUNT_SID argument of the commands that act on one account. */
    static final class OneAccount {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "ACCOUNT_SID", description = "AC followed by 32 hex digits")
        String sid;

        <T> T withAccounts(Function<Accounts, T> work) {
            return Herald.withAccounts(store.dbConfig(), store.data, work);
        }
    }

    /** The {@code account_sid=…} and {@code auth_token=…} lines, as in {@code credentials.env}. */
    private static void print(Accounts.NewAccount account) {
        System.out.println("account_sid=" + account.sid());
        System.out.println("auth_token=" + account.authToken());
    }

    @Command(name = "create", description = "Create an account and print account_sid=… and auth_token=… lines.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            print(Herald.withAccounts(store.dbConfig(), store.data, Accounts::create));
            return 0;
        }
    }

    @Command(name = "set-token", description = "Set the auth token of an account (created if missing) to the first "
            + "line of standard input; Herald keeps it hashed for authentication and sealed with the master key for "
            + "signing.", mixinStandardHelpOptions = true)
    static final class SetToken implements Callable<Integer> {
        @Mixin
        OneAccount account;

        @Override
        public Integer call() {
            String token;
            try {
                token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("Standard input cannot be read: " + e.getMessage(), e);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("Standard input holds no auth token (one line is read).");
            }
            String trimmed = token.strip();
            account.withAccounts(accounts -> {
                accounts.ensure(account.sid, trimmed);
                return null;
            });
            System.out.println("account_sid=" + account.sid);
            return 0;
        }
    }

    @Command(name = "list", description = "List the accounts: SID, date created, and whether Herald keeps the token "
            + "sealed (so can sign on the account's behalf). Never shows tokens.", mixinStandardHelpOptions = true)
    static final class ListAll implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            List<AccountSummary> accounts = Herald.withAccounts(store.dbConfig(), store.data, Accounts::list);
            System.out.println("account_sid\tdate_created\ttoken_sealed");
            for (AccountSummary account : accounts) {
                System.out.println(account.sid() + "\t" + Instant.ofEpochSecond(account.dateCreated()) + "\t"
                        + (account.tokenSealed() ? "yes" : "no"));
            }
            return 0;
        }
    }

    @Command(name = "rotate-token", description = "Give an account a new random auth token, printed once as "
            + "auth_token=…; the old token stops working.", mixinStandardHelpOptions = true)
    static final class RotateToken implements Callable<Integer> {
        @Mixin
        OneAccount account;

        @Override
        public Integer call() {
            print(account.withAccounts(a -> a.rotateToken(account.sid)));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an account and its Credentials; refused while it has Services, "
            + "unless --force, which deletes its Services with their Bindings and Notifications too.",
            mixinStandardHelpOptions = true)
    static final class Delete implements Callable<Integer> {
        @Mixin
        OneAccount account;

        @Option(names = "--force", description = "Delete the account's Services, Bindings, Credentials and "
                + "Notifications with it.")
        boolean force;

        @Override
        public Integer call() {
            AccountStore.Deletion deletion = account.withAccounts(a -> a.delete(account.sid, force));
            switch (deletion) {
                case MISSING -> throw new IllegalArgumentException("There is no account " + account.sid + ".");
                case HAS_SERVICES -> throw new IllegalArgumentException("Account " + account.sid
                        + " still has Services: delete them first, or add --force to delete them with it.");
                case DELETED -> System.out.println("Deleted account " + account.sid + ".");
            }
            return 0;
        }
    }
}
