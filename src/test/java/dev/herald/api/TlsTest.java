package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.rest.notify.v1.Service;
import dev.herald.config.LogConfig;
import dev.herald.config.OpsConfig;
import dev.herald.config.TlsConfig;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestPki;
import dev.herald.testing.TwilioSdk;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --tls-cert} and {@code --tls-key}: Herald serves HTTPS itself with a certificate chain of a test
 * authority, to a client that trusts that authority (raw HTTP and the official Twilio library), and its {@code url}
 * fields say {@code https}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
    private static Path dir;
    private static TestHerald herald;
    private static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("herald-tls");
        TestPki.Issued ca = TestPki.authority("CN=Herald Test CA");
        TestPki.Issued server = TestPki.localhostServer(ca);
        Path cert = Files.writeString(dir.resolve("cert.pem"), server.certificatePem() + ca.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), server.rsaKeyPem());
        TlsConfig tls = TlsConfig.load(cert.toString(), key.toString());
        herald = TestHerald.startWith(OpsConfig.parse(null, null, LogConfig.defaults(), tls));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, factory.getTrustManagers(), null);
    }

    @AfterAll
    static void stop() {
        if (herald != null) {
            herald.close();
        }
        TestHerald.deleteTree(dir);
    }

    private static String httpsUrl() {
        return "https://localhost:" + herald.port();
    }

    @Test
    void aClientTrustingTheAuthorityIsServedOverHttps() {
        RawHttp https = new RawHttp(httpsUrl(), herald.accountSid(), herald.authToken(), trusting);
        RawHttp.Reply created = https.post("/v1/Services", RawHttp.form("FriendlyName", "over tls"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("url").asText()).startsWith(httpsUrl() + "/v1/Services/IS");
        assertThat(https.get("/v1/Services").json().get("meta").get("url").asText()).startsWith(httpsUrl());
        assertThat(new RawHttp(httpsUrl(), null, null, trusting).get("/readyz").status()).isEqualTo(200);
    }

    @Test
    void theTwilioLibraryWorksOverHttps() {
        var client = TwilioSdk.overTls(httpsUrl(), herald.accountSid(), herald.authToken(), trusting);
        Service created = Service.creator().setFriendlyName("sdk over tls").create(client);
        assertThat(Service.fetcher(created.getSid()).fetch(client).getFriendlyName()).isEqualTo("sdk over tls");
    }

    @Test
    void aClientThatDoesNotTrustTheAuthorityIsRefused() {
        RawHttp untrusting = new RawHttp(httpsUrl(), herald.accountSid(), herald.authToken());
        assertThatThrownBy(() -> untrusting.get("/v1/Services")).isInstanceOf(UncheckedIOException.class);
    }
}
