package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.domain.Accounts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald accounts create}: adds an account and prints its SID and auth token. */
@Command(name = "accounts", description = "Manage accounts.", mixinStandardHelpOptions = true,
        subcommands = AccountsCommand.Create.class)
public final class AccountsCommand {

    @Command(name = "create", description = "Create an account and print account_sid=… and auth_token=… lines.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "${env:HERALD_DATA_DIR:-./herald-data}", description = "Data directory (env HERALD_DATA_DIR).")
        Path data;

        @Override
        public Integer call() {
            Accounts.NewAccount account = Herald.withAccounts(data, Accounts::create);
            System.out.println("account_sid=" + account.sid());
            System.out.println("auth_token=" + account.authToken());
            return 0;
        }
    }
}
