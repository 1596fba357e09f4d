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

    /**
     * Joins a tag's rows ({@code t0}) to their Bindings ({@code b}). SQLite finds each Binding through the Service's
     * index, whose order (date created, SID) is the tag rows' own, so that a run of them reads neighbouring index
     * entries, instead of through the SID's unique index, where random SIDs cost a page a row: a fan-out chunk of
     * 2,000 tagged Bindings took the writer 8.5 ms instead of 11.6 ms, against about 10 ms for a chunk of
     * {@code Tag=all} (BENCHMARKS.md §20). The join's order and index are forced ({@code CROSS JOIN},
     * {@code INDEXED BY}), and the unary {@code +} keeps SQLite from turning the tag rows' range into a range on that
     * index (which it does without statistics). PostgreSQL keeps the key.
     */
    String tagJoin() {
        return this == SQLITE
                ? " FROM binding_tags t0 CROSS JOIN bindings b INDEXED BY bindings_by_service ON b.service_sid = "
                        + "+t0.service_sid AND b.date_created = +t0.date_created AND b.sid = +t0.binding_sid"
                : " FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid";
    }

    /**
     * Ends a {@code SELECT} of a row that the transaction's later writes refer to by foreign key (a Service, a
     * Credential): the row cannot be deleted until the transaction ends, and a delete under way is waited for,
     * after which a deleted row is not returned. It is the lock PostgreSQL's own foreign-key checks take, so it
     * waits for nothing but deletes (not for updates of the row). SQLite has one writer at a time: a write
     * transaction's reads cannot go stale before it commits.
     */
    String keepRow() {
        return this == POSTGRES ? " FOR KEY SHARE" : "";
    }

    /**
     * Ends a {@code SELECT} of a row that the transaction then updates from what it read: concurrent such
     * transactions take turns, each reading the other's result (no lost update). Foreign-key locks
     * ({@link #keepRow}) are not waited for.
     */
    String updateRow() {
        return this == POSTGRES ? " FOR NO KEY UPDATE" : "";
    }

    /**
     * Ends a {@code SELECT} of a row that the transaction may then delete: it waits for every transaction that
     * keeps the row ({@link #keepRow}) to end, and holds off new ones until this one ends, so that what the
     * transaction reads next of the rows that refer to it is final.
     */
    String deleteRow() {
        return this == POSTGRES ? " FOR UPDATE" : "";
    }

    /**
     * Ends a {@code SELECT} of queue rows the transaction then leases: rows another node is leasing at that moment
     * are skipped rather than waited for. SQLite has one writer: nothing to skip.
     */
    String skipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
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
