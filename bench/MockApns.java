import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The APNs side of bench/notify.sh (APNS=mock), run with the Herald jar on the class path (Pushy is in it):
 *
 *   server PORT SERVER_CERT SERVER_KEY CLIENT_CA COUNT_FILE
 *       Pushy's MockApnsServer on PORT (TLS with SERVER_CERT/SERVER_KEY, PKCS#8 PEM; client certificates of
 *       CLIENT_CA trusted), accepting every notification; writes the number accepted and rejected to COUNT_FILE
 *       every second ("accepted rejected"), until killed.
 *   bare HOST PORT TRUST CLIENT_CERT CLIENT_KEY TOPIC COUNT IN_FLIGHT
 *       A bare Pushy client (certificate authentication, one connection, as Herald's) sending COUNT notifications
 *       as fast as it can with at most IN_FLIGHT outstanding; prints the rate.
 */
public class MockApns {
    public static void main(String[] args) throws Exception {
        if (args.length == 6 && args[0].equals("server")) {
            server(args);
        } else if (args.length == 9 && args[0].equals("bare")) {
            bare(args);
        } else {
            System.err.println("usage: server PORT CERT KEY CLIENT_CA COUNT_FILE | bare HOST PORT TRUST CERT KEY TOPIC COUNT IN_FLIGHT");
            System.exit(2);
        }
    }

    static void server(String[] a) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        MockApnsServer server = new MockApnsServerBuilder()
                .setServerCredentials(new File(a[2]), new File(a[3]), null)
                .setTrustedClientCertificateChain(new File(a[4]))
                .setHandlerFactory(session -> (headers, payload) -> { })
                .setListener(new MockApnsServerListener() {
                    @Override
                    public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
                        accepted.incrementAndGet();
                    }

                    @Override
                    public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload,
                                                               RejectionReason reason, Instant timestamp) {
                        rejected.incrementAndGet();
                    }
                })
                .build();
        server.start(Integer.parseInt(a[1])).get(30, TimeUnit.SECONDS);
        Path out = Path.of(a[5]);
        System.out.println("mock APNs listening on " + a[1]);
        while (true) {
            Files.writeString(out, accepted.get() + " " + rejected.get() + "\n");
            Thread.sleep(1000);
        }
    }

    static void bare(String[] a) throws Exception {
        int count = Integer.parseInt(a[7]);
        Semaphore inFlight = new Semaphore(Integer.parseInt(a[8]));
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.X509Certificate cert;
        try (var in = Files.newInputStream(Path.of(a[4]))) {
            cert = (java.security.cert.X509Certificate) cf.generateCertificate(in);
        }
        String pem = Files.readString(Path.of(a[5])).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
        ApnsClient client = new ApnsClientBuilder().setApnsServer(a[1], Integer.parseInt(a[2]))
                .setTrustedServerCertificateChain(new File(a[3])).setClientCredentials(cert, key, null).build();
        String payload = "{\"aps\":{\"alert\":{\"title\":\"Bench\",\"body\":\"Hello from the notify bench\"}}}";
        Instant expiration = Instant.now().plusSeconds(3600);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // warm-up: a connection and the JIT
        for (int i = 0; i < 20_000; i++) {
            send(client, inFlight, i, a[6], payload, expiration, new AtomicLong(), new AtomicLong());
        }
        inFlight.acquire(Integer.parseInt(a[8]));
        inFlight.release(Integer.parseInt(a[8]));
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            send(client, inFlight, i, a[6], payload, expiration, ok, failed);
        }
        inFlight.acquire(Integer.parseInt(a[8]));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("bare Pushy: %d accepted, %d not, in %.1f s: %.0f notifications/s%n", ok.get(), failed.get(),
                secs, ok.get() / secs);
        client.close().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static void send(ApnsClient client, Semaphore inFlight, int i, String topic, String payload,
                             Instant expiration, AtomicLong ok, AtomicLong failed) throws InterruptedException {
        inFlight.acquire();
        String token = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(24, i).array());
        client.sendNotification(new SimpleApnsPushNotification(token, topic, payload, expiration,
                DeliveryPriority.IMMEDIATE, PushType.ALERT)).whenComplete((r, e) -> {
            if (e == null && r.isAccepted()) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            inFlight.release();
        });
    }
}
