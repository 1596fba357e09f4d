/**
 * The one implementation of the domain's store interfaces, on Jdbi with SQL in plain sight, for SQLite (one group-
 * committing writer, a pool of readers) and PostgreSQL (HikariCP, bounded retries); where they differ, a
 * {@code Dialect} says how. {@link dev.herald.store.jdbc.Database} is the entry point: it migrates the schema
 * (Flyway), checks the master key and hands out the stores. Driver failures become
 * {@link dev.herald.domain.StoreException}s here.
 */
package dev.herald.store.jdbc;
