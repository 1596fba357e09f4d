package dev.herald.api;

import java.security.KeyStore;

/**
 * How a server is run as a service, beside the Notify API it serves: HTTPS ({@code tls}, null for plain HTTP),
 * {@code /readyz}'s check, where each answered request is reported ({@link RequestObserver}), whether it is
 * written to the access log ({@link AccessLog}), and whether the web console's files are served ({@link ConsoleFiles}).
 */
public record Operations(Tls tls, Readiness readiness, RequestObserver observer, boolean accessLog, boolean console) {
    /**
     * The server's key and certificate chain: the entry {@code alias} of {@code keyStore}, under {@code password}.
     */
    public record Tls(KeyStore keyStore, String alias, String password) {
        @Override
        public String toString() {
            return "Tls[" + alias + "]";
        }
    }

    /** Why the server cannot serve now (a sentence safe to show anyone), or null when it can. */
    @FunctionalInterface
    public interface Readiness {
        String problem();
    }

    /** Told of every request Javalin answered. */
    @FunctionalInterface
    public interface RequestObserver {
        /**
         * @param route the route template that matched ({@code /v1/Services/{sid}}), or {@code unmatched}
         */
        void answered(String method, String route, int status, long nanos);
    }

    /** Plain HTTP, always ready, no metrics, access log on, console on. */
    public static Operations plain() {
        return new Operations(null, () -> null, (method, route, status, nanos) -> { }, true, true);
    }
}
