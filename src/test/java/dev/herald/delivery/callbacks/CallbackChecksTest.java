package dev.herald.delivery.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TwilioSignature} against the official Java library's validator, and {@link CallbackAddresses}' rules. */
class CallbackChecksTest {
    @Test
    void theSignatureIsTheOneTwiliosValidatorExpects() {
        String url = "https://example.com/callbacks/notify?tenant=7&x=%20y";
        Map<String, String> params = new HashMap<>(Map.of("Status", "delivered", "Identity", "ålice & bob",
                "Attempt", "1", "AccountSid", "AC" + "a".repeat(32)));
        String signature = TwilioSignature.of("the-auth-token", url, params);

        assertThat(new RequestValidator("the-auth-token").validate(url, params, signature)).isTrue();
        assertThat(new RequestValidator("another-token").validate(url, params, signature)).isFalse();
        params.put("Attempt", "2");
        assertThat(new RequestValidator("the-auth-token").validate(url, params, signature)).isFalse();
        assertThat(CallbackSender.params("A=1&B=%C3%A5+x&C=")).isEqualTo(Map.of("A", "1", "B", "å x", "C", ""));
    }

    @Test
    void privateAndLocalAddressesAreRefusedUnlessAllowed() throws Exception {
        for (String host : List.of("127.0.0.1", "localhost", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "[::1]", "[fd00::1]", "[fe80::1]", "224.0.0.1")) {
            URI url = URI.create("http://" + host + ":8080/cb");
            assertThat(CallbackAddresses.check(url, false)).as(host).isInstanceOf(CallbackAddresses.Refused.class);
            assertThat(CallbackAddresses.check(url, true)).as(host).isInstanceOf(CallbackAddresses.Allowed.class);
        }
        assertThat(CallbackAddresses.check(URI.create("https://93.184.216.34/cb"), false))
                .as("the address checked is the one the callback goes to")
                .isEqualTo(new CallbackAddresses.Allowed(InetAddress.getByName("93.184.216.34")));
        assertThat(CallbackAddresses.check(URI.create("https://[2606:2800:220:1::1]/cb"), false))
                .isInstanceOf(CallbackAddresses.Allowed.class);
        assertThat(CallbackAddresses.check(URI.create("ftp://93.184.216.34/cb"), true))
                .isInstanceOf(CallbackAddresses.Refused.class);
        assertThat(CallbackAddresses.check(URI.create("https://no-such-host.invalid/cb"), false))
                .isInstanceOf(CallbackAddresses.Unresolved.class);
        assertThat(CallbackAddresses.check(URI.create("https://no-such-host.invalid/cb"), true))
                .isInstanceOf(CallbackAddresses.Unresolved.class);
        assertThat(CallbackAddresses.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(CallbackAddresses.isPublic(InetAddress.getByName("::ffff:10.0.0.1"))).isFalse();
    }
}
