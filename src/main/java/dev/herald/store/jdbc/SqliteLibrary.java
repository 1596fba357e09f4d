package dev.herald.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The copy of its native library that the SQLite driver writes into the temporary directory
 * ({@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}) when it first opens a database, with a lock file beside
 * it; it asks the JVM to delete both at exit, and deletes at its next start only copies whose lock file is gone. A
 * JVM that ends by {@link Runtime#halt} (as {@code herald serve} does, so that a stop asked for by SIGTERM exits 0)
 * deletes neither, so every start would leave 1 MB behind for good.
 */
public final class SqliteLibrary {
    /** A mapping of {@code /proc/self/maps}: address, permissions, offset, device, inode, then the file's path. */
    private static final Pattern MAPPING = Pattern.compile("^\\S+ \\S+ \\S+ \\S+ \\S+\\s+(/.*)$");
    /** The driver's name for its copy: {@code sqlite-<version>-<uuid>-<library file>}. */
    private static final Pattern COPY = Pattern.compile("sqlite-[^/]+-libsqlitejdbc\\.(so|dylib|dll)");

    private SqliteLibrary() {
    }

    /**
     * Deletes this process's copy of the driver's library and its lock file, if it made one: the copy this process
     * has mapped, as {@code /proc/self/maps} lists it (Linux; elsewhere it does nothing). The library stays loaded.
     * Best effort: whatever fails is left as it is. Call it last, when no database is used any more.
     */
    public static void deleteCopy() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) { // none: not Linux, nothing done
            for (Path copy : lines.map(MAPPING::matcher).filter(Matcher::matches).map(m -> Path.of(m.group(1)))
                    .filter(p -> COPY.matcher(p.getFileName().toString()).matches()).distinct().toList()) {
                Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + ".lck"));
                Files.deleteIfExists(copy);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the driver's copy stays where it is
        }
    }
}
