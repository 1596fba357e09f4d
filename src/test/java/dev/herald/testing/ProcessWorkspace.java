package dev.herald.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test of Herald processes needs: a temporary directory with a data directory inside, the fresh database of
 * the engine under test ({@code HERALD_DB_URL} for PostgreSQL, none for SQLite), and the processes it started,
 * closed with it.
 */
public final class ProcessWorkspace implements AutoCloseable {
    private final Path dir;
    private final Path data;
    private final String dbUrl;
    private final List<HeraldProcess> processes = new ArrayList<>();

    private ProcessWorkspace(Path dir) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.dbUrl = TestDatabases.freshUrl();
    }

    public static ProcessWorkspace create(String prefix) throws IOException {
        return new ProcessWorkspace(Files.createTempDirectory(prefix));
    }

    public Path dir() {
        return dir;
    }

    public Path data() {
        return data;
    }

    /** The PostgreSQL URL of this workspace, or null on SQLite (the data directory's file). */
    public String dbUrl() {
        return dbUrl;
    }

    /** {@code extra} and, on PostgreSQL, {@code HERALD_DB_URL}. */
    public Map<String, String> env(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(extra);
        if (dbUrl != null) {
            all.put("HERALD_DB_URL", dbUrl);
        }
        return all;
    }

    /** Closes {@code process} with this workspace. */
    public HeraldProcess track(HeraldProcess process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        processes.forEach(HeraldProcess::close);
        TestHerald.deleteTree(dir);
    }
}
