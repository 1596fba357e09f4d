package dev.herald.testing;

import com.twilio.http.TwilioRestClient;
import dev.herald.config.Config;
import dev.herald.config.OpsConfig;
import dev.herald.config.ProviderConfig;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Herald server for a whole test class, on the engine under test ({@link TestDatabases}). Register it as a
 * static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
 *
 * private final RawHttp http = herald.http();
 *
 * @Test
 * void something() {
 *     String service = herald.fixture().service("news");
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Before the class's {@code @BeforeAll} methods run, the extension starts a {@link TestHerald}
 * (a fresh data directory, database and account); after its {@code @AfterAll} methods it stops the server and
 * deletes the data directory. All tests of the class share that server, so they create their own Services rather
 * than expect an empty account. {@code @Nested} classes share the outer class's server. The accessors fail before
 * the start and after the stop; instance fields and {@code @MethodSource} factories may call them, because JUnit
 * creates test instances (default per-method lifecycle) and runs those factories after the class has started.
 * Options ({@link #publicUrl}, {@link #httpThreads}, {@link #accountConcurrency}) are set when the field is initialised, before the start.
 *
 * <p><b>Threads.</b> The accessors may be called from any thread, and what they return is safe to share between
 * threads (tests race requests through one {@link #http()}). After {@code server().restart()} (a new port) they
 * return clients for the new port; clients obtained before the restart still point at the old one.
 */
public final class HeraldExtension implements BeforeAllCallback, AfterAllCallback {
    private String publicUrl;
    private int httpThreads = Config.DEFAULT_HTTP_THREADS;
    private Integer accountConcurrency;
    private Supplier<ProviderConfig> live;
    private OpsConfig ops = OpsConfig.defaults();
    private int depth;
    private volatile TestHerald server;
    private volatile Clients clients;

    private HeraldExtension() {
    }

    /** An extension that starts Herald once per test class, with url fields from the request and default threads. */
    public static HeraldExtension start() {
        return new HeraldExtension();
    }

    /** Url fields start with {@code url} (e.g. {@link TestHerald#TWILIO_URL}) instead of the request's host. */
    public HeraldExtension publicUrl(String url) {
        requireNotStarted();
        this.publicUrl = url;
        return this;
    }

    /** The server runs {@code threads} HTTP threads ({@code --http-threads}). */
    public HeraldExtension httpThreads(int threads) {
        requireNotStarted();
        this.httpThreads = threads;
        return this;
    }

    /** The server handles at most {@code requests} of one account at once ({@code --account-concurrency}). */
    public HeraldExtension accountConcurrency(int requests) {
        requireNotStarted();
        this.accountConcurrency = requests;
        return this;
    }

    /**
     * The server delivers live ({@code --delivery live}) to the providers {@code providers} gives when the server
     * starts (so that fakes started in static fields can give their ports).
     */
    public HeraldExtension live(Supplier<ProviderConfig> providers) {
        requireNotStarted();
        this.live = providers;
        return this;
    }

    /** The server runs with {@code settings}: the admin listener (port 0: a free one), logs, TLS. */
    public HeraldExtension ops(OpsConfig settings) {
        requireNotStarted();
        this.ops = settings;
        return this;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            server = TestHerald.start(publicUrl, httpThreads, accountConcurrency, live == null ? null : live.get(),
                    ops);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--depth == 0) {
            TestHerald running = server;
            server = null;
            clients = null;
            if (running != null) {
                running.close();
            }
        }
    }

    /** The running server: port, account, data directory, {@code restart()}, {@code createAccount()}. */
    public TestHerald server() {
        TestHerald running = server;
        if (running == null) {
            throw new IllegalStateException("Herald is not running: register the HeraldExtension on a static field "
                    + "with @RegisterExtension, and use it from tests, @BeforeAll methods or instance fields");
        }
        return running;
    }

    /** {@code http://127.0.0.1:<port>}; shortcut for {@code server().baseUrl()}. */
    public String baseUrl() {
        return server().baseUrl();
    }

    /** Shortcut for {@code server().port()}. */
    public int port() {
        return server().port();
    }

    /** The account the server was started with; shortcut for {@code server().accountSid()}. */
    public String accountSid() {
        return server().accountSid();
    }

    /** Shortcut for {@code server().authToken()}. */
    public String authToken() {
        return server().authToken();
    }

    /** Raw HTTP authenticated as the server's account. */
    public RawHttp http() {
        return clients().http();
    }

    /** Raw HTTP with any credentials ({@code null} user: no Authorization header). */
    public RawHttp http(String user, String password) {
        return new RawHttp(server().baseUrl(), user, password);
    }

    /** The official Twilio SDK client, authenticated as the server's account. */
    public TwilioRestClient sdk() {
        return clients().sdk();
    }

    /** The official Twilio SDK client for another account (see {@code server().createAccount()}). */
    public TwilioRestClient sdk(String accountSid, String authToken) {
        return TwilioSdk.client(server(), accountSid, authToken);
    }

    /** Services, Credentials and Bindings created over {@link #http()}, for tests about something else. */
    public Fixtures fixture() {
        return clients().fixture();
    }

    private Clients clients() {
        TestHerald running = server();
        Clients current = clients;
        if (current == null || current.port() != running.port()) {
            current = Clients.of(running);
            clients = current; // a racing thread may build its own; both are equivalent
        }
        return current;
    }

    private synchronized void requireNotStarted() {
        if (depth > 0) {
            throw new IllegalStateException("Set HeraldExtension options before the test class starts");
        }
    }

    /** The clients of one server port. */
    private record Clients(int port, RawHttp http, TwilioRestClient sdk, Fixtures fixture) {
        static Clients of(TestHerald server) {
            RawHttp http = new RawHttp(server);
            return new Clients(server.port(), http, TwilioSdk.client(server), new Fixtures(http));
        }
    }
}
