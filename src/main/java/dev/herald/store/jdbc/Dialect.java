package dev.herald.store.jdbc;

/** The few places where SQLite and PostgreSQL differ. */
public enum Dialect {
    SQLITE("sqlite"), POSTGRES("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway locations: the portable scripts, then this engine's own. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }
}
