package dev.herald.store.jdbc;

/** The few places where SQLite and PostgreSQL differ. */
enum Dialect {
    SQLITE("sqlite"), POSTGRES("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /**
     * What ends a correlated {@code EXISTS} that must stay a lookup per row: PostgreSQL turns a plain one into a
     * join (which may walk the whole other side) unless the subquery has an OFFSET; SQLite always looks up per
     * row, and an OFFSET only slows it.
     */
    String perRowExists() {
        return this == POSTGRES ? " LIMIT 1 OFFSET 0)" : ")";
    }

    /** The engine's name: {@code sqlite} or {@code postgresql}. */
    String folder() {
        return migrationFolder;
    }

    /** Flyway locations: the portable scripts, then this engine's own. */
    String[] migrationLocations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + migrationFolder};
    }
}
