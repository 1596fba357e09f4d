package dev.herald.cli;

import dev.herald.Herald;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code herald migrate}: applies pending schema migrations to the configured database, then exits. */
@Command(name = "migrate", description = "Apply pending database migrations without serving.", mixinStandardHelpOptions = true)
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        String dialect = Herald.withDatabase(store.dbConfig(), store.data, db -> db.dialect().name());
        System.out.println("The " + dialect.toLowerCase(java.util.Locale.ROOT) + " database " + store.dbConfig()
                + " is up to date.");
        return 0;
    }
}
