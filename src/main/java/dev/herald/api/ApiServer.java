package dev.herald.api;

import dev.herald.domain.Accounts;
import dev.herald.domain.Bindings;
import dev.herald.domain.Credentials;
import dev.herald.domain.Keys;
import dev.herald.domain.Notifications;
import dev.herald.domain.Services;
import dev.herald.domain.StoreException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP face of Herald: the Notify v1 routes behind {@link Admission}, with every failure answered through
 * {@link Failures}, and the web console's files ({@link ConsoleFiles}) unless {@link Operations#console()} is off.
 * Start with {@link #start}, stop with {@link #close}, which lets requests in flight finish.
 */
public final class ApiServer implements AutoCloseable {
    /**
     * Connections the kernel holds for the acceptor: a burst of new clients (a hundred sends at once) must not
     * overflow the JVM's default of 50, whose dropped connection attempts the clients repeat only after a second.
     */
    static final int ACCEPT_QUEUE = 1024;
    /** How long after a crowd of requests {@link #crowded} stays true. */
    static final long QUIET_MILLIS = 20;
    private static final long QUIET_NANOS = QUIET_MILLIS * 1_000_000;
    private final Javalin app;
    private final AccountLimiter limiter;
    private volatile ServerSocketChannel bound;
    private volatile Operations ops = Operations.plain();

    /**
     * @param httpThreads the size of Jetty's thread pool, which bounds the requests handled at once: requests beyond
     *     what its workers can take wait, unread, on their connections. Some of the threads accept and select.
     * @param accountConcurrency the most requests of one account in flight at once; beyond it, 429 / 20429
     */
    public ApiServer(Accounts accounts, Keys keys, Services services, Credentials credentials, Bindings bindings,
                     Notifications notifications, String publicUrl,
                     int httpThreads, int accountConcurrency) {
        this.limiter = new AccountLimiter(accountConcurrency);
        Admission admission = new Admission(accounts, keys, limiter);
        KeysApi keysApi = new KeysApi(keys);
        ServicesApi servicesApi = new ServicesApi(services, publicUrl);
        CredentialsApi credentialsApi = new CredentialsApi(credentials, publicUrl);
        BindingsApi bindingsApi = new BindingsApi(bindings, publicUrl);
        NotificationsApi notificationsApi = new NotificationsApi(notifications, publicUrl);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = Admission.MAX_BODY_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.http.compressionStrategy = CompressionStrategy.NONE; // Call.json compresses list pages itself
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            cfg.requestLogger.http((ctx, ms) -> answered(ctx, ms));
            cfg.jetty.addConnector((server, http) -> {
                if (ops.console()) {
                    server.insertHandler(new ConsoleFiles()); // ends up inside RefusedUris, before Javalin
                }
                server.insertHandler(RefusedUris.takeOver(http));
                ServerConnector connector = connector(server, http);
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                try {
                    connector.open(bound);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return connector;
            });
            QueuedThreadPool threads = new QueuedThreadPool(httpThreads, Math.min(8, httpThreads), 60_000);
            threads.setName("herald-http");
            cfg.jetty.threadPool = threads;
            cfg.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(new JsonErrorHandler());
                context.addFilter(new FilterHolder(new RequestLineMethod()), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            var r = cfg.routes;
            r.get("/healthz", Probes::healthz);
            r.get("/readyz", ctx -> Probes.readyz(ctx, ops.readiness()));
            r.before(AccessLog::assignId);
            r.before(admission::admit);
            r.get("/v1/Services", servicesApi::list);
            r.post("/v1/Services", servicesApi::create);
            r.get("/v1/Services/{sid}", servicesApi::fetch);
            r.post("/v1/Services/{sid}", servicesApi::update);
            r.delete("/v1/Services/{sid}", servicesApi::delete);
            r.get("/v1/Credentials", credentialsApi::list);
            r.post("/v1/Credentials", credentialsApi::create);
            r.get("/v1/Credentials/{sid}", credentialsApi::fetch);
            r.post("/v1/Credentials/{sid}", credentialsApi::update);
            r.delete("/v1/Credentials/{sid}", credentialsApi::delete);
            r.get("/v1/Services/{serviceSid}/Bindings", bindingsApi::list);
            r.post("/v1/Services/{serviceSid}/Bindings", bindingsApi::create);
            r.get("/v1/Services/{serviceSid}/Bindings/{sid}", bindingsApi::fetch);
            r.delete("/v1/Services/{serviceSid}/Bindings/{sid}", bindingsApi::delete);
            r.get("/v1/Services/{serviceSid}/Notifications", notificationsApi::list);
            r.post("/v1/Services/{serviceSid}/Notifications", notificationsApi::create);
            r.get("/v1/Services/{serviceSid}/Notifications/{sid}", notificationsApi::fetch);
            r.get("/v1/Services/{serviceSid}/Notifications/{sid}/Deliveries", notificationsApi::deliveries);
            r.get(KeysApi.LIST, keysApi::list);
            r.post(KeysApi.LIST, keysApi::create);
            r.get(KeysApi.ONE, keysApi::fetch);
            r.post(KeysApi.ONE, keysApi::update);
            r.delete(KeysApi.ONE, keysApi::delete);
            // HEAD runs the GET handler (Jetty sends no body): Javalin would answer 200 without running it
            r.head("/healthz", Probes::healthz);
            r.head("/readyz", ctx -> Probes.readyz(ctx, ops.readiness()));
            r.head("/v1/Services", servicesApi::list);
            r.head("/v1/Services/{sid}", servicesApi::fetch);
            r.head("/v1/Credentials", credentialsApi::list);
            r.head("/v1/Credentials/{sid}", credentialsApi::fetch);
            r.head("/v1/Services/{serviceSid}/Bindings", bindingsApi::list);
            r.head("/v1/Services/{serviceSid}/Bindings/{sid}", bindingsApi::fetch);
            r.head("/v1/Services/{serviceSid}/Notifications", notificationsApi::list);
            r.head("/v1/Services/{serviceSid}/Notifications/{sid}", notificationsApi::fetch);
            r.head("/v1/Services/{serviceSid}/Notifications/{sid}/Deliveries", notificationsApi::deliveries);
            r.head(KeysApi.LIST, keysApi::list);
            r.head(KeysApi.ONE, keysApi::fetch);
            // Javalin answers its own HttpResponseExceptions unless a handler names that class.
            r.exception(HttpResponseException.class, (e, ctx) -> Failures.answer(ctx, e));
            r.exception(Exception.class, (e, ctx) -> Failures.answer(ctx, e));
        });
    }

    /** Serves with {@code operations} (HTTPS, readiness, metrics, access log); before {@link #start} only. */
    public ApiServer withOperations(Operations operations) {
        this.ops = operations;
        return this;
    }

    /** Plain HTTP/1.1, or HTTP/1.1 over TLS with the configured key (SNI not required, nor checked). */
    private ServerConnector connector(Server server, HttpConfiguration http) {
        Operations.Tls tls = ops.tls();
        if (tls == null) {
            return Connectors.unpooled(server, new HttpConnectionFactory(http));
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyManagerPassword(tls.password());
        ssl.setCertAlias(tls.alias());
        ssl.setSniRequired(false);
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        return Connectors.unpooled(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }

    /**
     * Reports an answered request to the observer and the access log; probes ({@code /healthz}, {@code /readyz},
     * which a balancer sends every few seconds) are measured but not logged.
     */
    private void answered(Context ctx, Float ms) {
        long nanos = ms == null ? 0 : (long) (ms * 1_000_000);
        Operations o = ops;
        String route = AccessLog.route(ctx);
        o.observer().answered(ctx.method().name(), route, ctx.status().getCode(), nanos);
        if (o.accessLog() && !route.equals("/healthz") && !route.equals("/readyz")) {
            AccessLog.write(ctx, nanos);
        }
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
    public ApiServer start(String host, int port) {
        return start(ListeningSocket.bind(host, port));
    }

    /** Starts serving on a socket {@link ListeningSocket#bind} bound (closed if start-up fails). */
    public ApiServer start(ServerSocketChannel socket) {
        bound = socket;
        try {
            app.start();
        } catch (RuntimeException e) {
            String reason = StoreException.rootMessage(e);
            if (reason.startsWith("Insufficient configured threads")) {
                throw new IllegalArgumentException("The HTTP threads are too few for this machine's acceptors and "
                        + "selectors (" + reason + "); raise --http-threads.", e);
            }
            ListeningSocket.close(socket);
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Authenticated requests under way now, of every account (from authentication to the response's end). */
    public int requestsInFlight() {
        return limiter.total();
    }

    /**
     * Whether several authenticated requests are under way at once, or were less than {@value #QUIET_MILLIS} ms ago
     * (a burst's requests arrive with gaps between them): what the delivery engine defers to. One client's
     * requests in turn do not make a crowd. Thread-safe.
     */
    public boolean crowded() {
        return limiter.crowded(QUIET_NANOS);
    }

    /** The connector serving the API (the one there is). */
    ServerConnector connector() {
        return (ServerConnector) app.jettyServer().server().getConnectors()[0];
    }

    /** Stops accepting connections and waits (up to 10 s) for requests in flight. */
    @Override
    public void close() {
        app.stop();
    }
}
