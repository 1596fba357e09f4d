package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.testing.TestPki;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --apns-endpoint}, {@code --apns-trust}, {@code --fcm-url} and {@code --fcm-trust}: the providers' own
 * endpoints and the JDK's trust by default, checked once, at start-up, with one sentence.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProviderConfigTest {
    @TempDir
    Path dir;

    @Test
    void unsetMeansApplesHostsAndTheJdksTrust() {
        ProviderConfig c = ProviderConfig.parse(null, " ", null, null);
        assertThat(c.apnsHost()).isNull();
        assertThat(c.apnsTrust()).isEmpty();
        assertThat(c).isEqualTo(ProviderConfig.defaults());
    }

    @Test
    void anEndpointIsAHostOrAddressAndAPort() {
        assertThat(ProviderConfig.parse("apns.staging.example:2197", null, null, null))
                .extracting(ProviderConfig::apnsHost, ProviderConfig::apnsPort)
                .containsExactly("apns.staging.example", 2197);
        assertThat(ProviderConfig.parse(" [::1]:443 ", null, null, null).apnsHost()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apns.example", "apns.example:", ":443", "apns.example:0", "apns.example:65536",
            "https://apns.example:443", "apns example:443"})
    void aMalformedEndpointIsRefused(String endpoint) {
        assertThatThrownBy(() -> ProviderConfig.parse(endpoint, null, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The APNs endpoint must be HOST:PORT with a port from 1 to 65535, not " + endpoint + ".");
    }

    @Test
    void theTrustFileHoldsEveryCertificateInIt() throws Exception {
        TestPki.Issued one = TestPki.authority("CN=One");
        TestPki.Issued two = TestPki.authority("CN=Two");
        Path file = Files.writeString(dir.resolve("trust.pem"), one.certificatePem() + two.certificatePem());

        assertThat(ProviderConfig.parse(null, file.toString(), null, null).apnsTrust())
                .containsExactly(one.certificate(), two.certificate());
    }

    @Test
    void aTrustFileWithoutCertificatesOrMissingIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> ProviderConfig.parse(null, junk.toString(), null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The APNs trust file " + junk + " holds no readable PEM certificate.");
        assertThatThrownBy(() -> ProviderConfig.parse(null, missing.toString(), null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The APNs trust file " + missing + " cannot be read (NoSuchFileException).");
    }

    @Test
    void googleAndTheJdksTrustByDefault() {
        ProviderConfig p = ProviderConfig.parse(null, null, " ", null);

        assertThat(p.fcmUrl()).isEqualTo(URI.create("https://fcm.googleapis.com"));
        assertThat(p.fcmTrust()).isEmpty();
        assertThat(ProviderConfig.defaults().fcmUrl()).isEqualTo(p.fcmUrl());
    }

    @Test
    void anEndpointAndItsTrustedCertificatesAreTaken() throws Exception {
        Path pem = dir.resolve("fcm.pem");
        Files.writeString(pem, TestPki.authority("CN=Test FCM").certificatePem());

        ProviderConfig p = ProviderConfig.parse(null, null, "https://localhost:8443", pem.toString());

        assertThat(p.fcmUrl()).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(p.fcmTrust()).hasSize(1);
        assertThat(p.apnsTrust()).isEmpty();
    }

    @Test
    void anythingElseIsRefusedInOneSentence() {
        assertThatThrownBy(() -> ProviderConfig.parse(null, null, "fcm.googleapis.com", null))
                .isInstanceOf(ConfigException.class).hasMessage("The FCM URL must be an http or https URL with a host "
                        + "and no query, such as https://fcm.googleapis.com, not fcm.googleapis.com.");
        assertThatThrownBy(() -> ProviderConfig.parse(null, null, "ftp://example.com", null))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProviderConfig.parse(null, null, "https://example.com/?a=b", null))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ProviderConfig.parse(null, null, null, dir.resolve("missing.pem").toString()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("The FCM trust file ")
                .hasMessageEndingWith("cannot be read (NoSuchFileException).");
    }
}
