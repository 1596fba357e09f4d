package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.config.ConfigException;
import dev.herald.config.DataDir;
import dev.herald.config.DbConfig;
import dev.herald.store.jdbc.transfer.Transfers;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code herald export > herald.jsonl}: writes every account, Credential (secrets still sealed), Service and
 * Binding to standard output as JSON Lines; progress and the final counts go to standard error.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write every account, Credential, Service and Binding to standard output as JSON Lines "
                + "(Credential secrets stay encrypted with the master key).")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        DbConfig db = store.dbConfig();
        if (db.isSqlite() && !Files.isRegularFile(db.sqliteFile())) {
            throw new ConfigException("There is no Herald database at " + db.sqliteFile().toAbsolutePath()
                    + "; point --data or --db at the store to export.");
        }
        DataDir data = new DataDir(store.data);
        if (data.existingMasterKey(System.getenv("HERALD_MASTER_KEY")).isEmpty()) {
            throw new ConfigException("There is no master key: set HERALD_MASTER_KEY, or point --data at the "
                    + "directory that holds master.key.");
        }
        // Not System.out: a PrintStream hides write errors, and an export cut short must fail.
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        Transfers.Counts exported;
        try (ProgressBar bar = ProgressBar.onTerminal("Exporting")) {
            exported = Herald.withDatabase(db, store.data, database -> Transfers.of(database).export(out, bar));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The export could not be written: " + e.getMessage(), e);
        }
        System.err.println("Exported " + exported + ".");
        return 0;
    }
}
