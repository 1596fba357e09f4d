package dev.herald.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.twilio.base.Resource;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.notify.v1.Credential;
import com.twilio.rest.notify.v1.Service;
import com.twilio.rest.notify.v1.service.Binding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared helpers of the Twilio SDK contract tests. */
final class Contract {
    /** Where every url, link and page URL must point: the server runs with {@code TestHerald.TWILIO_URL}. */
    static final String BASE = "https://notify.twilio.com/v1";
    /** The SDK's domain name, as passed to {@code Page.getNextPageUrl(domain)} and friends. */
    static final String DOMAIN = "notify";
    static final String SID_HEX = "[0-9a-f]{32}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Contract() {
    }

    /** Creates a Binding through the SDK (the call under test, unlike the raw-HTTP {@code Fixtures}), with any tags. */
    static Binding create(TwilioRestClient client, String service, String identity, Binding.BindingType type,
                          String address, String... tags) {
        return Binding.creator(service, identity, type, address).setTag(List.of(tags)).create(client);
    }

    /** Runs {@code call}, which must fail with an ApiException of {@code code} and {@code status}; returns it. */
    static ApiException apiError(ThrowingCallable call, int code, int status) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected an ApiException %s/%s", status, code).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) thrown;
        assertThat(e.getCode()).as("code of: %s", e.getMessage()).isEqualTo(code);
        assertThat(e.getStatusCode()).as("status of: %s", e.getMessage()).isEqualTo(status);
        assertThat(e.getMoreInfo()).isEqualTo("https://www.twilio.com/docs/errors/" + code);
        return e;
    }

    /** 400 / 20001: an invalid or missing parameter. */
    static ApiException invalid(ThrowingCallable call) {
        return apiError(call, 20001, 400);
    }

    /** 404 / 20404 with the message naming {@code path} (the request path without {@code /v1}). */
    static ApiException notFound(ThrowingCallable call, String path) {
        ApiException e = apiError(call, 20404, 404);
        assertThat(e.getMessage()).isEqualTo("The requested resource " + path + " was not found");
        return e;
    }

    /** A well-formed SID that was never issued. */
    static String randomSid(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static <T extends Resource> List<T> all(Iterable<T> records) {
        List<T> out = new ArrayList<>();
        records.forEach(out::add);
        return out;
    }

    static List<String> bindingSids(Iterable<Binding> records) {
        List<String> out = new ArrayList<>();
        records.forEach(b -> out.add(b.getSid()));
        return out;
    }

    static List<String> serviceSids(Iterable<Service> records) {
        List<String> out = new ArrayList<>();
        records.forEach(s -> out.add(s.getSid()));
        return out;
    }

    static List<String> credentialSids(Iterable<Credential> records) {
        List<String> out = new ArrayList<>();
        records.forEach(c -> out.add(c.getSid()));
        return out;
    }

    /** Every property of a Service by its JSON name, for whole-resource comparisons with readable diffs. */
    static Map<String, Object> fields(Service s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", s.getSid());
        m.put("account_sid", s.getAccountSid());
        m.put("friendly_name", s.getFriendlyName());
        m.put("date_created", s.getDateCreated());
        m.put("date_updated", s.getDateUpdated());
        m.put("apn_credential_sid", s.getApnCredentialSid());
        m.put("gcm_credential_sid", s.getGcmCredentialSid());
        m.put("fcm_credential_sid", s.getFcmCredentialSid());
        m.put("messaging_service_sid", s.getMessagingServiceSid());
        m.put("facebook_messenger_page_id", s.getFacebookMessengerPageId());
        m.put("default_apn_notification_protocol_version", s.getDefaultApnNotificationProtocolVersion());
        m.put("default_gcm_notification_protocol_version", s.getDefaultGcmNotificationProtocolVersion());
        m.put("default_fcm_notification_protocol_version", s.getDefaultFcmNotificationProtocolVersion());
        m.put("log_enabled", s.getLogEnabled());
        m.put("url", s.getUrl());
        m.put("links", s.getLinks());
        m.put("alexa_skill_id", s.getAlexaSkillId());
        m.put("default_alexa_notification_protocol_version", s.getDefaultAlexaNotificationProtocolVersion());
        m.put("delivery_callback_url", s.getDeliveryCallbackUrl());
        m.put("delivery_callback_enabled", s.getDeliveryCallbackEnabled());
        return m;
    }

    static Map<String, Object> fields(Credential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", c.getSid());
        m.put("account_sid", c.getAccountSid());
        m.put("friendly_name", c.getFriendlyName());
        m.put("type", c.getType());
        m.put("sandbox", c.getSandbox());
        m.put("date_created", c.getDateCreated());
        m.put("date_updated", c.getDateUpdated());
        m.put("url", c.getUrl());
        return m;
    }

    static Map<String, Object> fields(Binding b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", b.getSid());
        m.put("account_sid", b.getAccountSid());
        m.put("service_sid", b.getServiceSid());
        m.put("credential_sid", b.getCredentialSid());
        m.put("date_created", b.getDateCreated());
        m.put("date_updated", b.getDateUpdated());
        m.put("notification_protocol_version", b.getNotificationProtocolVersion());
        m.put("endpoint", b.getEndpoint());
        m.put("identity", b.getIdentity());
        m.put("binding_type", b.getBindingType());
        m.put("address", b.getAddress());
        m.put("tags", b.getTags());
        m.put("url", b.getUrl());
        m.put("links", b.getLinks());
        return m;
    }

    /** {@code fields} without the given keys. */
    static Map<String, Object> without(Map<String, Object> fields, String... keys) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }

    /** The decoded query parameters of an absolute URL, in order; keys may repeat. */
    static Map<String, List<String>> query(String url) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Sleeps long enough for the server's second-precision clock to move on. */
    static void nextSecond() {
        try {
            Thread.sleep(1_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
