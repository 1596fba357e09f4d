package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --apns-endpoint} and {@code --apns-trust}: checked once, at start-up, with one sentence. */
class ProviderConfigTest {
    @TempDir
    Path dir;

    @Test
    void unsetMeansApplesHostsAndTheJdksTrust() {
        ProviderConfig c = ProviderConfig.parse(null, " ");
        assertThat(c.apnsHost()).isNull();
        assertThat(c.apnsTrust()).isEmpty();
        assertThat(c).isEqualTo(ProviderConfig.defaults());
    }

    @Test
    void anEndpointIsAHostOrAddressAndAPort() {
        assertThat(ProviderConfig.parse("apns.staging.example:2197", null))
                .extracting(ProviderConfig::apnsHost, ProviderConfig::apnsPort)
                .containsExactly("apns.staging.example", 2197);
        assertThat(ProviderConfig.parse(" [::1]:443 ", null).apnsHost()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apns.example", "apns.example:", ":443", "apns.example:0", "apns.example:65536",
            "https://apns.example:443", "apns example:443"})
    void aMalformedEndpointIsRefused(String endpoint) {
        assertThatThrownBy(() -> ProviderConfig.parse(endpoint, null)).isInstanceOf(ConfigException.class)
                .hasMessage("The APNs endpoint must be HOST:PORT with a port from 1 to 65535, not " + endpoint + ".");
    }

    @Test
    void theTrustFileHoldsEveryCertificateInIt() throws Exception {
        TestPki.Issued one = TestPki.authority("CN=One");
        TestPki.Issued two = TestPki.authority("CN=Two");
        Path file = Files.writeString(dir.resolve("trust.pem"), one.certificatePem() + two.certificatePem());

        assertThat(ProviderConfig.parse(null, file.toString()).apnsTrust())
                .containsExactly(one.certificate(), two.certificate());
    }

    @Test
    void aTrustFileWithoutCertificatesOrMissingIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> ProviderConfig.parse(null, junk.toString())).isInstanceOf(ConfigException.class)
                .hasMessage("The APNs trust file " + junk + " holds no readable PEM certificate.");
        assertThatThrownBy(() -> ProviderConfig.parse(null, missing.toString())).isInstanceOf(ConfigException.class)
                .hasMessage("The APNs trust file " + missing + " cannot be read (NoSuchFileException).");
    }
}
