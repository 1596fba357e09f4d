package dev.herald.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files Herald keeps in its data directory: the SQLite database, the master key, first-start credentials. The
 * directory is created 0700 and the files 0600: they hold Binding addresses, token hashes and the key.
 */
public final class DataDir {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private final Path dir;

    public DataDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Creates the directory if needed, readable by its owner only (0700). */
    public DataDir create() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, OWNER_ONLY_DIR);
            }
        } catch (UnsupportedOperationException e) {
            try {
                Files.createDirectories(dir);
            } catch (IOException failure) {
                throw new ConfigException("The data directory " + dir + " cannot be created: " + failure.getMessage(),
                        failure);
            }
        } catch (IOException e) {
            throw new ConfigException("The data directory " + dir + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException("The data directory " + dir + " is not writable.");
        }
        return this;
    }

    /**
     * Of the SQLite database {@code file} and its {@code -wal} and {@code -shm}, those that other users may read (a
     * store older than private files, or a changed mode); empty when none, or on file systems without POSIX modes.
     * The directory's own mode is not looked at: entering it shows file names, not what the files hold.
     */
    public List<Path> readableByOthers(Path file) {
        List<Path> exposed = new ArrayList<>();
        for (Path path : List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"))) {
            try {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                if (modes.contains(PosixFilePermission.GROUP_READ) || modes.contains(PosixFilePermission.OTHERS_READ)) {
                    exposed.add(path);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // missing, or no POSIX modes here
            }
        }
        return exposed;
    }

    public Path path() {
        return dir;
    }

    public Path database() {
        return dir.resolve("herald.db");
    }

    public Path credentialsFile() {
        return dir.resolve("credentials.env");
    }

    /**
     * Refuses a SQLite database file that Herald could not use safely, before anything opens (or creates) it: one
     * that this user cannot write (the file, its {@code -wal} or {@code -shm}, or its directory), and, unless
     * {@code mayBeNew}, one that is missing or empty (0 bytes, no {@code -wal}) although this data directory shows
     * that it held a store: {@code master.key}, {@code credentials.env} or the file's {@code -wal} is there. Opening
     * such a file would start an empty store over the data it lost.
     */
    public void checkDatabaseFile(Path file, boolean mayBeNew) {
        Path db = file.toAbsolutePath().normalize();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = Path.of(db + suffix);
            if (Files.exists(part) && !Files.isWritable(part)) {
                throw new ConfigException("The SQLite database " + db + " is not writable by this user"
                        + (suffix.isEmpty() ? "" : " (" + part.getFileName() + " is not)")
                        + ": run Herald as the files' owner, or give this user write access to them.");
            }
        }
        if (db.getParent() != null && Files.isDirectory(db.getParent()) && !Files.isWritable(db.getParent())) {
            throw new ConfigException("The SQLite database " + db + " is not writable by this user: SQLite needs "
                    + "to create files next to it in " + db.getParent() + ".");
        }
        if (mayBeNew) {
            return;
        }
        boolean missing = !Files.exists(db);
        if (!missing && (!isEmpty(db) || !isEmpty(Path.of(db + "-wal")))) {
            return;
        }
        Optional<Path> evidence = Stream.of(dir.resolve("master.key"), dir.resolve("credentials.env"),
                Path.of(db + "-wal")).filter(held -> !isEmpty(held)).findFirst();
        if (evidence.isPresent()) {
            throw new ConfigException("The SQLite database " + db + (missing ? " is missing" : " is empty")
                    + " although " + evidence.get() + " shows that it held a store: restore the file from a backup, "
                    + "or move master.key and credentials.env away to start an empty store.");
        }
    }

    /** Whether {@code file} is missing or holds 0 bytes. */
    private static boolean isEmpty(Path file) {
        try {
            return !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The 32-byte master key: from {@code configured} (base64 or 64 hex digits) when given, else read from
     * {@code master.key}, which is generated once (mode 0600).
     */
    public byte[] masterKey(String configured) {
        if (configured != null) {
            return decodeKey(configured.trim(), "HERALD_MASTER_KEY");
        }
        Path file = dir.resolve("master.key");
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                writePrivate(file, Base64.getEncoder().encodeToString(key) + "\n");
            }
            return decodeKey(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
        } catch (FileAlreadyExistsException e) {
            return masterKey(null);
        } catch (IOException e) {
            throw new ConfigException("The master key file " + file + " cannot be read or written: " + e.getMessage(), e);
        }
    }

    /**
     * The master key from {@code configured} or an existing {@code master.key}, without generating one: empty when
     * neither is there. For tools that must use the key some data was sealed with, never a new one.
     */
    public Optional<byte[]> existingMasterKey(String configured) {
        if (configured != null || Files.exists(dir.resolve("master.key"))) {
            return Optional.of(masterKey(configured));
        }
        return Optional.empty();
    }

    private static byte[] decodeKey(String value, String source) {
        byte[] key = null;
        if (value.matches("[0-9a-fA-F]{64}")) {
            key = HexFormat.of().parseHex(value);
        } else {
            try {
                key = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        if (key == null || key.length != 32) {
            throw new ConfigException(source + " must hold a 32-byte key, as base64 or 64 hex digits.");
        }
        return key;
    }

    /** Writes a new file readable by its owner only; fails if it exists. */
    public static void writePrivate(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
