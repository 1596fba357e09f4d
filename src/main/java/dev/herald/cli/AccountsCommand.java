package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.domain.Accounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code herald accounts create}: adds an account and prints its SID and auth token; {@code herald accounts
 * set-token AC…}: sets an account's token, read from standard input (never from the command line, which other users
 * of the machine may see).
 */
@Command(name = "accounts", description = "Manage accounts.", mixinStandardHelpOptions = true,
        subcommands = {AccountsCommand.Create.class, AccountsCommand.SetToken.class})
public final class AccountsCommand {

    @Command(name = "create", description = "Create an account and print account_sid=… and auth_token=… lines.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            Accounts.NewAccount account = Herald.withAccounts(store.dbConfig(), store.data, Accounts::create);
            System.out.println("account_sid=" + account.sid());
            System.out.println("auth_token=" + account.authToken());
            return 0;
        }
    }

    @Command(name = "set-token", description = "Set the auth token of an account (created if missing) to the first "
            + "line of standard input; Herald keeps it hashed for authentication and sealed with the master key for "
            + "signing.", mixinStandardHelpOptions = true)
    static final class SetToken implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "ACCOUNT_SID", description = "AC followed by 32 hex digits")
        String sid;

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
            Herald.withAccounts(store.dbConfig(), store.data, accounts -> {
                accounts.ensure(sid, trimmed);
                return null;
            });
            System.out.println("account_sid=" + sid);
            return 0;
        }
    }
}
