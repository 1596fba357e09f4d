package dev.herald.delivery;

import dev.herald.config.DbConfig;
import dev.herald.domain.Accounts;
import dev.herald.domain.Binding;
import dev.herald.domain.BindingType;
import dev.herald.domain.Bindings;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.Credentials;
import dev.herald.domain.Delivery;
import dev.herald.domain.DeliveryQueue;
import dev.herald.domain.DeliveryStatus;
import dev.herald.domain.DirectTarget;
import dev.herald.domain.NewBinding;
import dev.herald.domain.Notification;
import dev.herald.domain.NotificationStore;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Position;
import dev.herald.domain.Priority;
import dev.herald.domain.SentNotification;
import dev.herald.domain.Service;
import dev.herald.domain.ServiceChanges;
import dev.herald.domain.Services;
import dev.herald.domain.Sids;
import dev.herald.domain.Slice;
import dev.herald.store.jdbc.Database;
import dev.herald.testing.TestDatabases;
import dev.herald.testing.TestSecrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A real store on the engine under test, use cases to fill it, a settable clock, and a way to run an engine. */
final class EngineFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T12:00:00Z"));
    final Database db;
    private final DbConfig config;
    private final List<Database> nodes = new ArrayList<>();
    final String account;
    /** The Service's fcm (and so gcm) Credential; it has no apn Credential. */
    final Credential fcmCredential;
    final Service service;
    final Bindings bindings;

    EngineFixture(Path dir) {
        byte[] key = key();
        config = TestDatabases.fresh(dir);
        db = config.isSqlite() ? Database.openSqlite(config.sqliteFile(), key, 2)
                : Database.openPostgres(config.jdbcUrl(), config.user(), config.password(), 8, key);
        account = new Accounts(db.accounts(), clock).create().sid();
        fcmCredential = new Credentials(db.credentials(), clock).create(account, "fcm", null,
                new CredentialSecrets(null, null, null, null, TestSecrets.SERVICE_ACCOUNT));
        service = new Services(db.services(), db.credentials(), clock).create(account, ServiceChanges.builder()
                .messagingServiceSid(Sids.next(Sids.MESSAGING_SERVICE)).fcmCredentialSid(fcmCredential.sid()).build());
        bindings = new Bindings(db.services(), db.credentials(), db.bindings(), clock);
    }

    Binding binding(String identity, String type, String address, String... tags) {
        return bindings.create(account, service.sid(), NewBinding.builder().identity(identity).bindingType(type)
                .address(address).tags(List.of(tags)).build());
    }

    Notification notification(Priority priority, int ttl, List<String> identities, List<String> tags,
                              List<DirectTarget> direct) {
        Notification n = new Notification(Sids.next(Sids.NOTIFICATION), account, service.sid(),
                clock.instant().getEpochSecond(), identities, tags, List.of(), priority, ttl, "title", "body", null,
                null, Map.of("k", "v"), null, null, null, null, null, null, direct, null);
        NotificationStore.InsertResult r = db.notifications().insert(n);
        if (!(r instanceof NotificationStore.InsertResult.Inserted)) {
            throw new AssertionError(r);
        }
        return n;
    }

    Notification toTag(String tag) {
        return notification(Priority.HIGH, Notification.MAX_TTL, List.of(), List.of(tag), List.of());
    }

    DeliveryEngine engine(Channel channel, EngineSettings settings) {
        Map<BindingType, Channel> channels = Map.of(BindingType.APN, channel, BindingType.FCM, channel,
                BindingType.GCM, channel, BindingType.SMS, channel);
        return new DeliveryEngine(db.deliveryQueue(), db.services(), db.credentials(), db.settingsVersion(), channels,
                clock, settings);
    }

    static EngineSettings fast() {
        return EngineSettings.defaults().withBatch(50);
    }

    SentNotification sent(Notification n) {
        return db.notifications().find(account, service.sid(), n.sid()).orElseThrow();
    }

    List<Delivery> deliveries(Notification n) {
        List<Delivery> all = new ArrayList<>();
        Position after = null;
        while (true) {
            Slice<Delivery> page = db.notifications().deliveries(account, service.sid(), n.sid(), null,
                    new PageRequest(100, after, null)).orElseThrow();
            all.addAll(page.items());
            if (!page.more()) {
                return all;
            }
            after = new Position(0, Long.toString(page.items().get(page.items().size() - 1).id()));
        }
    }

    long count(Notification n, DeliveryStatus status) {
        return deliveries(n).stream().filter(d -> d.status() == status).count();
    }

    /** Waits until the outcomes {@code queue} took are durable ({@link DeliveryQueue#unsettled}). */
    static void settled(DeliveryQueue queue) {
        await(() -> queue.unsettled() == 0);
    }

    /** Waits (10 s at most) until {@code condition} holds. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The condition did not come true within 10 s.");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Another node on the same PostgreSQL database, with a pool of {@code poolSize}; closed with this fixture. */
    Database node(int poolSize) {
        Database node = Database.openPostgres(config.jdbcUrl(), config.user(), config.password(), poolSize, key());
        nodes.add(node);
        return node;
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 5);
        return key;
    }

    /** The PostgreSQL database's JDBC URL (its user in it). */
    String jdbcUrl() {
        return config.jdbcUrl();
    }

    @Override
    public void close() {
        nodes.forEach(Database::close);
        db.close();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
