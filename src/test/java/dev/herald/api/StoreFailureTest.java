package dev.herald.api;

import static dev.herald.api.Api.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.domain.Accounts;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.BindingStore;
import dev.herald.domain.Bindings;
import dev.herald.domain.Binding;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialStore;
import dev.herald.domain.Credentials;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceStore;
import dev.herald.domain.Services;
import dev.herald.domain.Sids;
import dev.herald.domain.Slice;
import dev.herald.domain.StoreException;
import dev.herald.testing.MemoryAccountStore;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a failing store looks like on the wire, with the API wired to stores that fail on purpose: a busy store
 * answers 503 / 20503 with {@code Retry-After}, any other store failure 500 / 20500, both as Twilio JSON.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StoreFailureTest {
    private static final String TOKEN = "secret-token";
    private static ApiServer api;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        Clock clock = Clock.systemUTC();
        Accounts accounts = new Accounts(new MemoryAccountStore(), clock);
        String account = Sids.next(Sids.ACCOUNT);
        accounts.ensure(account, TOKEN);
        ServiceStore services = new BusyServices();
        CredentialStore credentials = new BusyCredentials();
        api = new ApiServer(accounts, null, new Services(services, credentials, clock), new Credentials(credentials, clock),
                new Bindings(services, credentials, new BrokenBindings(), clock), null, null, 16, 8).start("127.0.0.1", 0);
        http = new RawHttp("http://127.0.0.1:" + api.port(), account, TOKEN);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aBusyStoreAnswers503WithRetryAfter() {
        for (Reply reply : new Reply[] {http.get("/v1/Services"), http.post("/v1/Services", "FriendlyName=x"),
                http.get("/v1/Credentials/" + Sids.next(Sids.CREDENTIAL))}) {
            assertThat(assertError(reply, 503, 20503)).contains("try again");
            assertThat(reply.header("Retry-After")).isEqualTo(Failures.RETRY_AFTER_SECONDS);
        }
    }

    @Test
    void anyOtherStoreFailureAnswers500WithoutItsMessage() {
        Reply reply = http.get("/v1/Services/" + Sids.next(Sids.SERVICE) + "/Bindings/" + Sids.next(Sids.BINDING));
        assertThat(assertError(reply, 500, 20500)).isEqualTo("Internal Server Error");
        assertThat(reply.header("Retry-After")).isNull();
    }

    private static StoreException busy() {
        return StoreException.busy("The database is busy; try again.", null);
    }

    private static final class BusyServices implements ServiceStore {
        @Override
        public WriteResult insert(Service service) {
            throw busy();
        }

        @Override
        public Optional<Service> find(String accountSid, String sid) {
            throw busy();
        }

        @Override
        public WriteResult update(String accountSid, String sid, UnaryOperator<Service> change) {
            throw busy();
        }

        @Override
        public boolean delete(String accountSid, String sid) {
            throw busy();
        }

        @Override
        public Slice<Service> list(String accountSid, String friendlyName, PageRequest page) {
            throw busy();
        }
    }

    private static final class BusyCredentials implements CredentialStore {
        @Override
        public void insert(Credential credential) {
            throw busy();
        }

        @Override
        public Optional<Credential> find(String accountSid, String sid) {
            throw busy();
        }

        @Override
        public Optional<Credential> update(String accountSid, String sid, UnaryOperator<Credential> change) {
            throw busy();
        }

        @Override
        public DeleteResult delete(String accountSid, String sid) {
            throw busy();
        }

        @Override
        public Slice<Credential> list(String accountSid, PageRequest page) {
            throw busy();
        }
    }

    /** Fails for good, as a disk error would. */
    private static final class BrokenBindings implements BindingStore {
        @Override
        public InsertResult insert(Binding binding, int maxPerIdentity) {
            throw new StoreException("disk I/O error");
        }

        @Override
        public Optional<Binding> find(String accountSid, String serviceSid, String sid) {
            throw new StoreException("disk I/O error");
        }

        @Override
        public boolean delete(String accountSid, String serviceSid, String sid) {
            throw new StoreException("disk I/O error");
        }

        @Override
        public Slice<Binding> list(String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
            throw new StoreException("disk I/O error");
        }
    }
}
