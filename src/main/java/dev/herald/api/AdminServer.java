package dev.herald.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin listener ({@code --admin-port}): {@code GET /metrics} in Prometheus' text format, {@code /healthz} and
 * {@code /readyz}, without authentication, so it binds a private address (127.0.0.1 by default). Requests to it are
 * neither logged nor measured.
 */
public final class AdminServer implements AutoCloseable {
    /** The content type of Prometheus' text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final Javalin app;
    private volatile ServerSocketChannel bound;

    /** @param metrics the meters as Prometheus text, produced at each scrape */
    public AdminServer(Supplier<String> metrics, Operations.Readiness readiness) {
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = Connectors.unpooled(server, new HttpConnectionFactory(http));
                try {
                    connector.open(bound);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return connector;
            });
            QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000);
            threads.setName("herald-admin");
            cfg.jetty.threadPool = threads;
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            var r = cfg.routes;
            r.get("/metrics", ctx -> {
                byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
                ctx.status(200).contentType(PROMETHEUS_TEXT);
                ctx.res().setContentLength(body.length);
                ctx.res().getOutputStream().write(body);
            });
            r.get("/healthz", Probes::healthz);
            r.get("/readyz", ctx -> Probes.readyz(ctx, readiness));
            r.exception(HttpResponseException.class, (e, ctx) -> Failures.answer(ctx, e));
            r.exception(Exception.class, (e, ctx) -> Failures.answer(ctx, e));
        });
    }

    /** Binds {@code host:port} (port 0 picks a free one) and starts serving. */
    public AdminServer start(String host, int port) {
        return start(ListeningSocket.bind(host, port, "--admin-host", "--admin-port"));
    }

    /** Starts serving on a socket {@link ListeningSocket#bind} bound (closed if start-up fails). */
    public AdminServer start(ServerSocketChannel socket) {
        bound = socket;
        try {
            app.start();
        } catch (RuntimeException e) {
            ListeningSocket.close(socket);
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
