package dev.herald.config;

import dev.herald.domain.Sids;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Validated settings of one Herald server. Build it with {@link #of}, which checks every field once, at start-up,
 * and fails with a one-sentence {@link ConfigException}.
 *
 * @param publicUrl scheme and host (no trailing slash) for {@code url} fields, or null to use the request's own
 * @param accountSid with {@code authToken}, an account to make sure of at start-up; both null otherwise
 * @param masterKey the {@code HERALD_MASTER_KEY} value, or null to use (or create) {@code <data>/master.key}
 * @param httpThreads the most threads serving HTTP (Jetty's pool): the most requests one node handles at once
 * @param integrityCheck whether a SQLite file is checked ({@code PRAGMA quick_check}) before serving it
 * @param accountConcurrency the most requests of one account a node handles at once (1 to {@code httpThreads});
 *     beyond it a request is refused with 429
 * @param delivery how this node delivers Notifications ({@link #withDelivery})
 * @param providers where live delivery reaches the providers ({@link #withProviders})
 * @param ops the admin listener, logs and TLS ({@link #withOps})
 */
public record Config(String host, int port, Path dataDir, DbConfig db, String publicUrl, String accountSid,
                     String authToken, String masterKey, int httpThreads, boolean integrityCheck,
                     int accountConcurrency, DeliveryConfig delivery, ProviderConfig providers, OpsConfig ops) {

    /** Javalin's and Jetty's customary pool size. */
    public static final int DEFAULT_HTTP_THREADS = 250;
    static final int MIN_HTTP_THREADS = 8;

    /** {@link #of(String, int, Path, DbConfig, String, String, String, String, int, boolean, Integer)}, default cap. */
    public static Config of(String host, int port, Path dataDir, DbConfig db, String publicUrl, String accountSid,
                            String authToken, String masterKey, int httpThreads, boolean integrityCheck) {
        return of(host, port, dataDir, db, publicUrl, accountSid, authToken, masterKey, httpThreads, integrityCheck,
                null);
    }

    /**
     * The checked configuration.
     *
     * @param accountConcurrency null for {@link #defaultAccountConcurrency} of {@code httpThreads}
     */
    public static Config of(String host, int port, Path dataDir, DbConfig db, String publicUrl, String accountSid,
                            String authToken, String masterKey, int httpThreads, boolean integrityCheck,
                            Integer accountConcurrency) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("The port must be between 0 and 65535, not " + port + ".");
        }
        if (httpThreads < MIN_HTTP_THREADS || httpThreads > 10_000) {
            throw new ConfigException("The HTTP threads must be between " + MIN_HTTP_THREADS + " and 10000, not "
                    + httpThreads + ".");
        }
        int perAccount = accountConcurrency == null ? defaultAccountConcurrency(httpThreads) : accountConcurrency;
        if (perAccount < 1 || perAccount > httpThreads) {
            throw new ConfigException("The account concurrency must be between 1 and the HTTP threads (" + httpThreads
                    + "), not " + perAccount + ".");
        }
        if (dataDir == null || dataDir.toString().isBlank()) {
            throw new ConfigException("The data directory must not be empty.");
        }
        accountSid = blankToNull(accountSid);
        authToken = blankToNull(authToken);
        if ((accountSid == null) != (authToken == null)) {
            throw new ConfigException("HERALD_ACCOUNT_SID and HERALD_AUTH_TOKEN must be set together.");
        }
        if (accountSid != null && !Sids.isValid(Sids.ACCOUNT, accountSid)) {
            throw new ConfigException("HERALD_ACCOUNT_SID must be AC followed by 32 hex digits.");
        }
        return new Config(blankToNull(host) == null ? "0.0.0.0" : host.trim(), port, dataDir, db,
                publicUrl(blankToNull(publicUrl)), accountSid, authToken, blankToNull(masterKey), httpThreads,
                integrityCheck, perAccount, DeliveryConfig.defaults(), ProviderConfig.defaults(), OpsConfig.defaults());
    }

    /** This configuration with {@code d} as its delivery settings. */
    public Config withDelivery(DeliveryConfig d) {
        return new Config(host, port, dataDir, db, publicUrl, accountSid, authToken, masterKey, httpThreads,
                integrityCheck, accountConcurrency, d, providers, ops);
    }

    /** This configuration with {@code p} as its provider endpoints. */
    public Config withProviders(ProviderConfig p) {
        return new Config(host, port, dataDir, db, publicUrl, accountSid, authToken, masterKey, httpThreads,
                integrityCheck, accountConcurrency, delivery, p, ops);
    }

    /** This configuration with {@code o} as its admin listener, logs and TLS. */
    public Config withOps(OpsConfig o) {
        return new Config(host, port, dataDir, db, publicUrl, accountSid, authToken, masterKey, httpThreads,
                integrityCheck, accountConcurrency, delivery, providers, o);
    }

    /**
     * Half the HTTP threads: whatever one account does (slow bodies, many expensive lists), at least half the pool
     * (less the few threads Jetty keeps for accepting and selecting) stays for the other accounts and {@code /healthz}.
     */
    public static int defaultAccountConcurrency(int httpThreads) {
        return Math.max(1, httpThreads / 2);
    }

    /**
     * A yes/no setting given as text ({@code true} or {@code false}, any case; blank means {@code false}), such as
     * {@code HERALD_SKIP_INTEGRITY_CHECK}; {@code name} names it in the error.
     */
    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigException(name + " must be true or false, not " + value.strip() + ".");
    }

    private static String publicUrl(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (web && uri.getHost() != null && (uri.getPath() == null || uri.getPath().isEmpty())
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return trimmed;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("The public URL must be an http(s) scheme and host such as "
                + "https://notify.example.com, not " + value + ".");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "Config[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", db=" + db + ", publicUrl=" + publicUrl
                + ", accountSid=" + accountSid + ", httpThreads=" + httpThreads + ", integrityCheck=" + integrityCheck
                + ", accountConcurrency=" + accountConcurrency + ", delivery=" + delivery + ", ops=" + ops + "]";
    }
}
