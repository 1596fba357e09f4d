package dev.herald.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);

    @Test
    void sdkCreatesAndFetchesABinding() {
        var client = herald.sdk();
        Service service = Service.creator().setFriendlyName("smoke").create(client);
        Binding binding = Binding.creator(service.getSid(), "alice", Binding.BindingType.APN, "token-1")
                .setTag(java.util.List.of("vip")).create(client);
        Binding fetched = Binding.fetcher(service.getSid(), binding.getSid()).fetch(client);
        assertThat(fetched.getIdentity()).isEqualTo("alice");
        assertThat(fetched.getTags()).containsExactly("vip");
        assertThat(fetched.getDateCreated()).isNotNull();
        assertThat(fetched.getUrl().toString()).startsWith("https://notify.twilio.com/v1/Services/");
    }
}
