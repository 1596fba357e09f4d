package dev.herald.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** The files Herald keeps in its data directory: the SQLite database, the master key, first-start credentials. */
public final class DataDir {
    private final Path dir;

    public DataDir(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Creates the directory if needed. */
    public DataDir create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("The data directory " + dir + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigException("The data directory " + dir + " is not writable.");
        }
        return this;
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
