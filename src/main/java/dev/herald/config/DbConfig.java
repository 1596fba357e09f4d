package dev.herald.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where Herald keeps its data: an embedded SQLite file (the default, {@code <data>/herald.db}) or a PostgreSQL
 * database shared by any number of Herald nodes. {@code toString} never shows the password.
 *
 * @param sqliteFile the SQLite file, or null for PostgreSQL
 * @param jdbcUrl the PostgreSQL JDBC URL, or null for SQLite
 * @param poolSize the most connections one node opens (PostgreSQL) or reader connections (SQLite)
 */
public record DbConfig(Path sqliteFile, String jdbcUrl, String user, String password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 16;

    /**
     * Reads {@code --db}/{@code HERALD_DB_URL}: empty for SQLite in {@code dataDir}, {@code postgresql://user:pass@
     * host:5432/db} (also {@code postgres://}), {@code jdbc:postgresql:…} or {@code jdbc:sqlite:FILE}.
     */
    public static DbConfig parse(String url, Path dataDir, int poolSize) {
        if (poolSize < 1 || poolSize > 1000) {
            throw new ConfigException("The database pool size must be between 1 and 1000, not " + poolSize + ".");
        }
        if (url == null || url.isBlank()) {
            return new DbConfig(dataDir.resolve("herald.db"), null, null, null, poolSize);
        }
        String value = url.trim();
        if (value.startsWith("jdbc:sqlite:")) {
            String file = value.substring("jdbc:sqlite:".length());
            if (file.isEmpty() || file.startsWith(":memory:") || file.contains("?")) {
                throw new ConfigException("A jdbc:sqlite: URL must name a database file, such as jdbc:sqlite:/srv/herald/herald.db.");
            }
            return new DbConfig(Path.of(file), null, null, null, poolSize);
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return new DbConfig(null, value, null, null, poolSize);
        }
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return postgres(value, poolSize);
        }
        throw new ConfigException("The database URL must start with postgresql://, jdbc:postgresql: or jdbc:sqlite:.");
    }

    private static DbConfig postgres(String value, int poolSize) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException("The database URL is not a valid URL: " + e.getReason() + ".");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigException("A postgresql:// URL needs a host and a database name, as in postgresql://user:pass@host:5432/herald.");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = percentDecoded(parts[0]);
            password = parts.length > 1 ? percentDecoded(parts[1]) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new DbConfig(null, jdbc, user, password, poolSize);
    }

    /** {@code %XX} escapes decoded, a {@code +} kept as it is (as libpq reads a URL's user and password). */
    private static String percentDecoded(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8); // escapes checked by URI
    }

    public boolean isSqlite() {
        return sqliteFile != null;
    }

    @Override
    public String toString() {
        return isSqlite() ? "sqlite:" + sqliteFile : jdbcUrl.replaceAll("password=[^&]*", "password=***")
                + (user != null ? " as " + user : "");
    }
}
