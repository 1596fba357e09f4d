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

/** {@code --fcm-url} and {@code --fcm-trust}: Google's endpoint and the JDK's trust by default, checked at start. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FcmProviderConfigTest {
    @TempDir
    Path dir;

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
