package dev.herald.cli;

import dev.herald.config.DbConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say where Herald's data lives, shared by every command that opens it. */
final class StoreOptions {
    @Option(names = "--data", defaultValue = "${env:HERALD_DATA_DIR:-./herald-data}",
            description = "Data directory: SQLite file, master.key, credentials.env (env HERALD_DATA_DIR, default ./herald-data).")
    Path data;

    @Option(names = "--db", defaultValue = "${env:HERALD_DB_URL}",
            description = "Database URL: postgresql://user:pass@host:5432/db, jdbc:postgresql:… or jdbc:sqlite:FILE "
                    + "(env HERALD_DB_URL; default: SQLite in the data directory).")
    String db;

    @Option(names = "--db-pool-size", defaultValue = "${env:HERALD_DB_POOL_SIZE:-16}",
            description = "Most database connections per node (env HERALD_DB_POOL_SIZE, default 16).")
    int poolSize;

    DbConfig dbConfig() {
        return DbConfig.parse(db, data, poolSize);
    }
}
