package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.domain.Accounts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code herald accounts create}: adds an account and prints its SID and auth token. */
@Command(name = "accounts", description = "Manage accounts.", mixinStandardHelpOptions = true,
        subcommands = AccountsCommand.Create.class)
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
}
