package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.testing.TestHerald;
import dev.herald.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --tls-cert} and {@code --tls-key} are read once at start-up: a PEM chain and a PKCS#8, PKCS#1 (RSA) or SEC1
 * (EC) key; one without the other, an unreadable file, a file without PEM, or a key of another algorithm than the
 * certificate's stops Herald with one sentence naming the flag.
 */
class TlsConfigTest {
    private Path dir;
    private final TestPki.Issued ca = TestPki.authority("CN=Herald Test CA");

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory("herald-tls-config");
    }

    @AfterEach
    void deleteDir() {
        TestHerald.deleteTree(dir);
    }

    private String write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    @Test
    void bothUnsetMeansPlainHttp() {
        assertThat(TlsConfig.load(null, " ")).isNull();
    }

    @Test
    void readsTheChainAndEachKeyFormat() throws Exception {
        TestPki.Issued rsa = TestPki.localhostServer(ca);
        String chain = write("chain.pem", rsa.certificatePem() + ca.certificatePem());
        for (String key : new String[] {rsa.keyPem(), rsa.rsaKeyPem()}) {
            TlsConfig tls = TlsConfig.load(chain, write("key.pem", key));
            Certificate[] stored = tls.keyStore().getCertificateChain(TlsConfig.ALIAS);
            assertThat(stored).containsExactly(rsa.certificate(), ca.certificate());
            assertThat(tls.keyStore().getKey(TlsConfig.ALIAS, tls.password().toCharArray())).isEqualTo(rsa.key());
        }
        KeyPair ec = TestPki.p256();
        TestPki.Issued ecServer = TestPki.localhostServer(ca, ec);
        String sec1 = TestPki.sec1Pem(ec.getPrivate());
        assertThat(sec1).contains("-----BEGIN EC PRIVATE KEY-----");
        for (String key : new String[] {ecServer.keyPem(), sec1}) {
            TlsConfig tls = TlsConfig.load(write("ec.pem", ecServer.certificatePem()), write("ec-key.pem", key));
            ECPrivateKey stored = (ECPrivateKey) tls.keyStore().getKey(TlsConfig.ALIAS, tls.password().toCharArray());
            assertThat(stored.getS()).isEqualTo(((ECPrivateKey) ec.getPrivate()).getS());
        }
        assertThat(TlsConfig.load(chain, write("key.pem", rsa.keyPem())).toString()).doesNotContain("password");
    }

    @Test
    void badFilesStopTheStartWithOneSentence() throws Exception {
        TestPki.Issued server = TestPki.localhostServer(ca);
        String cert = write("cert.pem", server.certificatePem());
        String key = write("key.pem", server.keyPem());
        assertThatThrownBy(() -> TlsConfig.load(cert, null)).isInstanceOf(ConfigException.class)
                .hasMessage("--tls-cert (HERALD_TLS_CERT) and --tls-key (HERALD_TLS_KEY) must be set together, "
                        + "not --tls-cert alone.");
        assertThatThrownBy(() -> TlsConfig.load(dir.resolve("missing.pem").toString(), key))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The --tls-cert file " + dir.resolve("missing.pem") + " cannot be read "
                        + "(NoSuchFileException).");
        assertThatThrownBy(() -> TlsConfig.load(key, key)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The --tls-cert file " + key + " holds no readable PEM certificate");
        assertThatThrownBy(() -> TlsConfig.load(cert, cert)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The --tls-key file " + cert + " holds no readable PEM private key");
        String ecKey = write("ec-key.pem", TestPki.pkcs8Pem(TestPki.p256().getPrivate()));
        assertThatThrownBy(() -> TlsConfig.load(cert, ecKey)).isInstanceOf(ConfigException.class)
                .hasMessage("The --tls-key file " + ecKey + " holds an EC key, but the certificate of " + cert
                        + " is for an RSA key.");
    }
}
