package dev.herald.cli;

import dev.herald.Herald;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code herald migrate}: applies pending schema migrations to the configured database, fills the tag masks of
 * Bindings written before they existed (resuming an interrupted fill), then exits.
 */
@Command(name = "migrate", description = "Apply pending database migrations without serving.", mixinStandardHelpOptions = true)
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    IntegrityOption integrity;

    @Override
    public Integer call() {
        String engine = Herald.withDatabase(store.dbConfig(), store.data, integrity.checks(), db -> {
            if (db.tagMasksPending()) {
                long start = System.nanoTime();
                long filled;
                try (ProgressBar bar = ProgressBar.onTerminal("Filling tag masks")) {
                    filled = db.fillTagMasks(done -> bar.update(done, 0));
                }
                System.out.printf(Locale.ROOT, "Filled the tag masks of %,d Bindings in %.0f s.%n", filled,
                        (System.nanoTime() - start) / 1e9);
                if (db.isPostgres() && filled > 0) {
                    System.out.println("To reclaim the space the fill left, run VACUUM binding_tags and then "
                            + "REINDEX INDEX CONCURRENTLY binding_tags_pkey (neither blocks Herald).");
                }
            }
            return db.engine();
        });
        System.out.println("The " + engine + " database " + store.dbConfig()
                + " is up to date.");
        return 0;
    }
}
