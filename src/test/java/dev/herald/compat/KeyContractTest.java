package dev.herald.compat;

import static dev.herald.compat.Contract.SID_HEX;
import static dev.herald.compat.Contract.apiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.twilio.base.Page;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Key;
import com.twilio.rest.api.v2010.account.KeyReader;
import com.twilio.rest.api.v2010.account.NewKey;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import com.twilio.rest.notify.v1.service.Notification;
import dev.herald.domain.Accounts;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TwilioSdk;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API keys through the official Twilio Java SDK: the key resource ({@code NewKey}, {@code Key}) on
 * {@code api.twilio.com}, and a client built as {@code new TwilioRestClient.Builder(keySid, keySecret)
 * .accountSid(ac)} driving Notify.
 */
@Timeout(60)
class KeyContractTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().publicUrl(TestHerald.TWILIO_URL);
    private final TwilioRestClient client = herald.sdk();

    private TwilioRestClient keyClient(NewKey key) {
        return TwilioSdk.keyClient(herald.server(), key.getSid(), key.getSecret(), herald.accountSid());
    }

    @Test
    void aKeyClientDrivesServicesBindingsAndNotifications() {
        NewKey key = NewKey.creator().setFriendlyName("backend").create(client);
        assertThat(key.getSid()).matches("SK" + SID_HEX);
        assertThat(key.getSecret()).matches("[A-Za-z0-9]{32}");
        assertThat(key.getFriendlyName()).isEqualTo("backend");
        assertThat(key.getDateCreated()).isCloseTo(ZonedDateTime.now(), within(5, ChronoUnit.MINUTES));
        TwilioRestClient withKey = keyClient(key);

        Service service = Service.creator().setFriendlyName("keyed").create(withKey);
        assertThat(service.getAccountSid()).isEqualTo(herald.accountSid());
        Binding binding = Binding.creator(service.getSid(), "alice", Binding.BindingType.FCM, "device-a")
                .create(withKey);
        assertThat(binding.getAccountSid()).isEqualTo(herald.accountSid());
        List<String> bindings = new ArrayList<>();
        Binding.reader(service.getSid()).read(withKey).forEach(b -> bindings.add(b.getSid()));
        assertThat(bindings).containsExactly(binding.getSid());
        Notification sent = Notification.creator(service.getSid()).setIdentity("alice").setBody("hi").create(withKey);
        assertThat(sent.getSid()).matches("NT" + SID_HEX);
        assertThat(Service.fetcher(service.getSid()).fetch(client).getFriendlyName()).isEqualTo("keyed");
    }

    @Test
    void keysAreReadFetchedUpdatedAndDeleted() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(NewKey.creator().setFriendlyName("k" + i).create(client).getSid());
        }
        List<String> listed = new ArrayList<>();
        KeyReader reader = Key.reader().setPageSize(2L);
        reader.read(client).forEach(k -> listed.add(k.getSid())); // follows next_page_uri
        assertThat(listed).containsAll(made);
        Page<Key> first = reader.firstPage(client);
        assertThat(first.getRecords()).hasSize(2);
        assertThat(first.hasNextPage()).isTrue();

        Key fetched = Key.fetcher(made.get(0)).fetch(client);
        assertThat(fetched.getFriendlyName()).isEqualTo("k0");
        assertThat(fetched.getDateCreated()).isNotNull();
        Key renamed = Key.updater(made.get(0)).setFriendlyName("renamed").update(client);
        assertThat(renamed.getFriendlyName()).isEqualTo("renamed");
        assertThat(Key.fetcher(made.get(0)).fetch(client).getFriendlyName()).isEqualTo("renamed");
        assertThat(Key.deleter(made.get(0)).delete(client)).isTrue();
        apiError(() -> Key.fetcher(made.get(0)).fetch(client), 20404, 404);
    }

    @Test
    void aRevokedKeyGets401() {
        NewKey key = NewKey.creator().create(client);
        TwilioRestClient withKey = keyClient(key);
        assertThat(Service.reader().read(withKey)).isNotNull();
        Service.reader().firstPage(withKey);
        Key.deleter(key.getSid()).delete(client);
        apiError(() -> Service.reader().firstPage(withKey), 20003, 401);
    }

    @Test
    void aKeyOfAnotherAccountCannotSeeThisAccountsServices() {
        Service mine = Service.creator().setFriendlyName("mine").create(client);
        Accounts.NewAccount other = herald.server().createAccount();
        TwilioRestClient otherClient = herald.sdk(other.sid(), other.authToken());
        NewKey key = NewKey.creator().create(otherClient);
        TwilioRestClient strangerKey = TwilioSdk.keyClient(herald.server(), key.getSid(), key.getSecret(), other.sid());
        apiError(() -> Service.fetcher(mine.getSid()).fetch(strangerKey), 20404, 404);
        List<String> visible = new ArrayList<>();
        Service.reader().read(strangerKey).forEach(s -> visible.add(s.getSid()));
        assertThat(visible).doesNotContain(mine.getSid());
        apiError(() -> Key.fetcher(key.getSid()).fetch(client), 20404, 404);
    }

    @Test
    void aKeyCannotManageKeys() {
        TwilioRestClient withKey = keyClient(NewKey.creator().create(client));
        apiError(() -> NewKey.creator().create(withKey), 20403, 403);
        apiError(() -> Key.reader().firstPage(withKey), 20403, 403);
    }
}
