package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.config.Config;
import dev.herald.config.DeliveryConfig;
import dev.herald.config.LogConfig;
import dev.herald.config.OpsConfig;
import dev.herald.config.ProviderConfig;
import dev.herald.config.SmsConfig;
import dev.herald.config.TlsConfig;
import dev.herald.store.jdbc.SqliteLibrary;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code herald serve}: runs the server until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(name = "serve", description = "Serve the Notify v1 API.", mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:HERALD_PORT:-8080}", description = "TCP port (env HERALD_PORT, default 8080).")
    int port;

    @Option(names = "--host", defaultValue = "${env:HERALD_HOST:-0.0.0.0}", description = "Address to bind (env HERALD_HOST, default 0.0.0.0).")
    String host;

    @Mixin
    StoreOptions store;

    @Mixin
    IntegrityOption integrity;

    @Option(names = "--public-url", defaultValue = "${env:HERALD_PUBLIC_URL}", description = "Scheme and host for url fields (env HERALD_PUBLIC_URL).")
    String publicUrl;

    @Option(names = "--http-threads", defaultValue = "${env:HERALD_HTTP_THREADS:-250}",
            description = "Most threads serving HTTP, so most requests handled at once (env HERALD_HTTP_THREADS, default 250).")
    int httpThreads;

    @Option(names = "--account-concurrency", defaultValue = "${env:HERALD_ACCOUNT_CONCURRENCY}",
            description = "Most requests of one account handled at once, beyond which 429 (env HERALD_ACCOUNT_CONCURRENCY, "
                    + "default half of --http-threads).")
    Integer accountConcurrency;

    @Option(names = "--delivery", defaultValue = "${env:HERALD_DELIVERY}",
            description = "live, or sandbox: record the provider requests instead of sending them (env HERALD_DELIVERY, default live).")
    String delivery;

    @Option(names = "--max-attempts", defaultValue = "${env:HERALD_MAX_ATTEMPTS}",
            description = "Most attempts per delivery, 1 to 100 (env HERALD_MAX_ATTEMPTS, default 10).")
    Integer maxAttempts;

    @Option(names = "--delivery-retention", defaultValue = "${env:HERALD_DELIVERY_RETENTION}",
            description = "How long Notifications and their deliveries are kept, such as 7d or 12h (env HERALD_DELIVERY_RETENTION, default 7d).")
    String deliveryRetention;

    @Option(names = "--delivery-lease", defaultValue = "${env:HERALD_DELIVERY_LEASE}",
            description = "How long a node's claim on deliveries lasts; a dead node's claims wait that long for another node (env HERALD_DELIVERY_LEASE, default 30s).")
    String deliveryLease;

    @Option(names = "--apns-endpoint", defaultValue = "${env:HERALD_APNS_ENDPOINT}",
            description = "HOST:PORT of APNs instead of Apple's production or development host (env HERALD_APNS_ENDPOINT).")
    String apnsEndpoint;

    @Option(names = "--apns-trust", defaultValue = "${env:HERALD_APNS_TRUST}",
            description = "PEM file of the certificates trusted for the APNs endpoint instead of the JDK's (env HERALD_APNS_TRUST).")
    String apnsTrust;

    @Option(names = "--fcm-url", defaultValue = "${env:HERALD_FCM_URL}",
            description = "URL of FCM HTTP v1 instead of https://fcm.googleapis.com (env HERALD_FCM_URL).")
    String fcmUrl;

    @Option(names = "--fcm-trust", defaultValue = "${env:HERALD_FCM_TRUST}",
            description = "PEM file of the certificates trusted for the FCM endpoint instead of the JDK's (env HERALD_FCM_TRUST).")
    String fcmTrust;

    @Option(names = "--sms-url", defaultValue = "${env:HERALD_SMS_URL}",
            description = "Base URL of the Twilio-compatible Messages API that SMS go through instead of https://api.twilio.com; "
                    + "they are sent as HERALD_SMS_ACCOUNT_SID with HERALD_SMS_AUTH_TOKEN (env HERALD_SMS_URL).")
    String smsUrl;

    @Option(names = "--messenger-url", defaultValue = "${env:HERALD_MESSENGER_URL}",
            description = "Base URL of the Graph API that Messenger's Send API is part of instead of https://graph.facebook.com (env HERALD_MESSENGER_URL).")
    String messengerUrl;

    @Option(names = "--allow-private-callbacks", defaultValue = "${env:HERALD_ALLOW_PRIVATE_CALLBACKS}",
            description = "Let delivery callbacks reach loopback, link-local and private addresses (refused by default, against request forgery) (env HERALD_ALLOW_PRIVATE_CALLBACKS).")
    String allowPrivateCallbacks;

    @Option(names = "--admin-port", defaultValue = "${env:HERALD_ADMIN_PORT}",
            description = "Port of the admin listener serving /metrics, /healthz and /readyz without authentication (env HERALD_ADMIN_PORT, default off).")
    Integer adminPort;

    @Option(names = "--admin-host", defaultValue = "${env:HERALD_ADMIN_HOST}",
            description = "Address the admin listener binds (env HERALD_ADMIN_HOST, default 127.0.0.1).")
    String adminHost;

    @Option(names = "--log-format", defaultValue = "${env:HERALD_LOG_FORMAT}",
            description = "text, or json: one JSON object a line (env HERALD_LOG_FORMAT, default text).")
    String logFormat;

    @Option(names = "--log-level", defaultValue = "${env:HERALD_LOG_LEVEL}",
            description = "error, warn, info or debug (env HERALD_LOG_LEVEL, default info).")
    String logLevel;

    @Option(names = "--access-log", defaultValue = "${env:HERALD_ACCESS_LOG}",
            description = "Log one line per request on herald.access, true or false (env HERALD_ACCESS_LOG, default true).")
    String accessLog;

    @Option(names = "--tls-cert", defaultValue = "${env:HERALD_TLS_CERT}",
            description = "PEM certificate chain to serve HTTPS with, together with --tls-key (env HERALD_TLS_CERT).")
    String tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:HERALD_TLS_KEY}",
            description = "PEM private key of --tls-cert: PKCS#8, PKCS#1 RSA or SEC1 EC (env HERALD_TLS_KEY).")
    String tlsKey;

    @Option(names = "--console", defaultValue = "${env:HERALD_CONSOLE}",
            description = "on, or off: no web console at /console (env HERALD_CONSOLE, default on).")
    String console;

    @Override
    public Integer call() throws InterruptedException {
        Config config = Config.of(host, port, store.data, store.dbConfig(), publicUrl, System.getenv("HERALD_ACCOUNT_SID"),
                System.getenv("HERALD_AUTH_TOKEN"), System.getenv("HERALD_MASTER_KEY"), httpThreads,
                integrity.check(), accountConcurrency)
                .withDelivery(DeliveryConfig.parse(delivery, maxAttempts, deliveryRetention, deliveryLease)
                        .withPrivateCallbacks(Config.flag("--allow-private-callbacks", allowPrivateCallbacks)))
                .withProviders(ProviderConfig.parse(apnsEndpoint, apnsTrust, fcmUrl, fcmTrust).withSms(SmsConfig.parse(
                        smsUrl, System.getenv("HERALD_SMS_ACCOUNT_SID"), System.getenv("HERALD_SMS_AUTH_TOKEN"))).withMessenger(messengerUrl));
        config = config.withOps(OpsConfig.parse(adminHost, adminPort, LogConfig.parse(logFormat, logLevel, accessLog),
                TlsConfig.load(tlsCert, tlsKey)).withConsole(console));
        Logs.apply(config.ops().log());
        Herald herald = Herald.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int code = 1;
            try {
                herald.close();
                code = 0;
            } finally {
                stopped.countDown();
                SqliteLibrary.deleteCopy(); // halt skips the JVM's deletions at exit
                // a stop asked for by SIGTERM or SIGINT is a success: not the JVM's 143 or 130
                Runtime.getRuntime().halt(code);
            }
        }, "herald-shutdown"));
        stopped.await();
        return 0;
    }
}
