package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.Tables.TABLES;

import dev.herald.domain.StoreException;
import dev.herald.store.jdbc.Database;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.Transactor;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;

/**
 * Moves every account, Credential, Service, Binding and API key from one database to another as JSON Lines: a header
 * line ({@code "type":"herald-export"}), then one line per row, accounts first, then Credentials, Services, Bindings
 * and API keys, each table in SID order, so that every reference points at a row on an earlier line or already in
 * the target. API keys travel as their secrets' hashes; an export of a Herald without keys has no key lines and no
 * key count, and imports as one with none.
 *
 * <p>An export reads one consistent snapshot, a page of rows at a time, and never holds a table in memory.
 * Credential secrets travel sealed, exactly as stored: they open only under the same master key, which the header
 * carries a sealed check value of. The {@code settings} table is not exported.
 *
 * <p>An import runs in one write transaction: either every line takes effect or none does. Rows whose SID the
 * target already has are left as they are and counted as already present, so an import can be run again. Bad
 * input fails the whole import with an {@link IllegalArgumentException} naming the line; a wrong master key with a
 * {@link StoreException}. Thread-safe.
 */
public final class Transfers {
    /** The format version this Herald writes and reads. */
    public static final int VERSION = Tables.VERSION;

    /** Rows of each table, in the order the tables are exported. */
    public record Counts(long accounts, long credentials, long services, long bindings, long keys) {
        static Counts of(long[] n) {
            return new Counts(n[0], n[1], n[2], n[3], n[4]);
        }

        long[] toArray() {
            return new long[] {accounts, credentials, services, bindings, keys};
        }

        public long total() {
            return accounts + credentials + services + bindings + keys;
        }

        /** {@code 2 accounts, 1 credential, 3 services, 10000 bindings, 2 API keys}. */
        @Override
        public String toString() {
            return plural(accounts, "account") + ", " + plural(credentials, "credential") + ", "
                    + plural(services, "service") + ", " + plural(bindings, "binding") + ", "
                    + plural(keys, "API key");
        }

        private static String plural(long n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }
    }

    /** What an import did: rows inserted, and rows skipped because the target already had their SID. */
    public record ImportResult(Counts imported, Counts present) {
    }

    /** Told how far a transfer is; called often, on the thread doing the work. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    private final Transactor tx;
    private final SecretBox box;
    private final Exporter exporter;

    private Transfers(Database database) {
        this.tx = database.transactor();
        this.box = database.secretBox();
        this.exporter = new Exporter(tx, box, database.isPostgres(), database.engine());
    }

    /** Export and import for the open {@code database}. */
    public static Transfers of(Database database) {
        return new Transfers(database);
    }

    /** Reads and checks the header line of an export from {@code in}; {@link #importFrom} reads the rest. */
    public static ExportSource read(InputStream in) {
        return ExportSource.read(in);
    }

    /** How many rows each table has now. */
    public Counts counts() {
        return tx.read(Transfers::count);
    }

    static Counts count(Handle h) {
        long[] n = new long[TABLES.size()];
        for (int t = 0; t < n.length; t++) {
            n[t] = h.createQuery("SELECT COUNT(*) FROM " + TABLES.get(t).name()).mapTo(Long.class).one();
        }
        return Counts.of(n);
    }

    /**
     * Writes the header and every row to {@code out} (UTF-8 JSON Lines), reading one snapshot of the database
     * {@value Tables#PAGE} rows at a time, and returns how many rows of each table it wrote. Flushes but does not
     * close {@code out}.
     */
    public Counts export(OutputStream out, Progress progress) {
        return exporter.run(out, progress);
    }

    /**
     * Reads the rest of {@code source} into this database in one transaction: everything or, when any line is
     * bad or conflicts with the target, nothing. Rows whose SID is already there are skipped and counted as
     * present.
     */
    public ImportResult importFrom(ExportSource source, Progress progress) {
        if (source.announced().credentials() > 0) {
            source.checkKey(box);
        }
        AtomicBoolean started = new AtomicBoolean();
        return tx.write(h -> {
            if (!started.compareAndSet(false, true)) { // the input is a stream: a retried transaction cannot reread it
                throw new StoreException("A concurrent write made the database roll the import back; nothing was "
                        + "imported. Run it again.", null);
            }
            try {
                return new TransferImporter(h, source, progress, box).run();
            } catch (IllegalArgumentException | StoreException | UncheckedIOException e) {
                throw e;
            } catch (RuntimeException e) {
                // No SQLException in the cause chain: the transactor must not retry what cannot be reread.
                StoreException failure = new StoreException("The import failed and was rolled back; nothing was "
                        + "imported: " + StoreException.rootMessage(e), null);
                failure.addSuppressed(e);
                throw failure;
            }
        });
    }
}
