package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.config.ConfigException;
import dev.herald.config.DataDir;
import dev.herald.store.jdbc.transfer.ExportSource;
import dev.herald.store.jdbc.transfer.Transfers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code herald import < herald.jsonl}: reads what {@code herald export} wrote into this store, in one
 * transaction (all or nothing); rows already there by SID are left alone, so it can be run again.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read the output of herald export from standard input into this store: all or nothing, "
                + "skipping rows it already has. Needs the source's master key.")
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        if (ProgressBar.isTerminal(0)) {
            throw new ConfigException("Standard input is a terminal; give import an export to read, as in "
                    + "herald import --data DIR < herald.jsonl.");
        }
        ExportSource source = Transfers.read(System.in);
        if (source.announced().credentials() > 0) {
            // Before the database is opened: opening a new store with a new key would tie it to that key.
            DataDir data = new DataDir(store.data);
            byte[] key = data.existingMasterKey(System.getenv("HERALD_MASTER_KEY")).orElseThrow(() ->
                    new ConfigException("The export's Credential secrets open only with the source's master key: "
                            + "set HERALD_MASTER_KEY to it, or copy master.key from the source's data directory to "
                            + data.path() + ". Nothing was imported."));
            source.checkKey(key);
        }
        Transfers.ImportResult result;
        try (ProgressBar bar = ProgressBar.onTerminal("Importing")) {
            // A new store is what import fills: a missing database next to a copied master.key is expected.
            result = Herald.withDatabase(store.dbConfig(), store.data, Herald.Checks.NEW,
                    database -> Transfers.of(database).importFrom(source, bar));
        }
        System.err.println("Imported " + result.imported() + (result.present().total() == 0
                ? " (none already present)." : " (already present: " + result.present() + ")."));
        return 0;
    }
}
