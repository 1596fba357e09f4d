package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SmsConfigTest {
    @Test
    void unsetMeansTwilioAndNoAccount() {
        SmsConfig c = SmsConfig.parse(null, " ", null);
        assertThat(c.url()).isEqualTo(SmsConfig.TWILIO);
        assertThat(c.configured()).isFalse();
        assertThat(ProviderConfig.defaults().sms()).isEqualTo(SmsConfig.defaults());
    }

    @Test
    void anAccountAndAnotherApiAreTaken() {
        SmsConfig c = SmsConfig.parse(" http://127.0.0.1:9000 ", "AC" + "a".repeat(32), "token");
        assertThat(c.url()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(c.configured()).isTrue();
        assertThat(c.toString()).contains(c.accountSid()).doesNotContain("token");
    }

    @Test
    void badSettingsFailInOneSentence() {
        assertThatThrownBy(() -> SmsConfig.parse("api.twilio.com", null, null)).isInstanceOf(ConfigException.class)
                .hasMessage("The SMS URL must be an http or https URL with a host and no query, such as "
                        + "https://api.twilio.com, not api.twilio.com.");
        assertThatThrownBy(() -> SmsConfig.parse(null, "AC1", null)).isInstanceOf(ConfigException.class)
                .hasMessage("HERALD_SMS_ACCOUNT_SID and HERALD_SMS_AUTH_TOKEN must be set together.");
        assertThatThrownBy(() -> SmsConfig.parse(null, "AC1/../x", "t")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("HERALD_SMS_ACCOUNT_SID must be 1 to 64 letters and digits");
    }
}
