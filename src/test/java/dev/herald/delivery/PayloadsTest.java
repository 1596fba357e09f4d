package dev.herald.delivery;

import static dev.herald.delivery.TestAttempts.ACCOUNT;
import static dev.herald.delivery.TestAttempts.CREATED;
import static dev.herald.delivery.TestAttempts.MESSAGING_SERVICE;
import static dev.herald.delivery.TestAttempts.credential;
import static dev.herald.delivery.TestAttempts.json;
import static dev.herald.delivery.TestAttempts.notification;
import static dev.herald.delivery.TestAttempts.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.BindingType;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.domain.Priority;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The generic → channel payload mapping (protocol version 3), field by field, and the legacy FCM translation. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PayloadsTest {
    private static final String TOKEN = "0efb85d0c2f1ff15";
    private static final String PHONE = "+15555550100";
    /** Self-signed, subject {@code UID=com.example.herald, CN=Apple Push Services: com.example.herald, …}. */
    private static final String CERTIFICATE_WITH_UID = """
            -----BEGIN CERTIFICATE-----
            MIICdTCCAhugAwIBAgIUAX8O9mHcX9NjScOSlR43S2HMw3wwCgYIKoZIzj0EAwIw
            gY4xIjAgBgoJkiaJk/IsZAEBDBJjb20uZXhhbXBsZS5oZXJhbGQxMDAuBgNVBAMM
            J0FwcGxlIFB1c2ggU2VydmljZXM6IGNvbS5leGFtcGxlLmhlcmFsZDETMBEGA1UE
            CwwKSEVSQUxEMTIzNDEUMBIGA1UECgwLSGVyYWxkIFRlc3QxCzAJBgNVBAYTAlVT
            MCAXDTI2MTIwMTA2MDkyMloYDzIxMjYxMTA3MDYwOTIyWjCBjjEiMCAGCgmSJomT
            8ixkAQEMEmNvbS5leGFtcGxlLmhlcmFsZDEwMC4GA1UEAwwnQXBwbGUgUHVzaCBT
            ZXJ2aWNlczogY29tLmV4YW1wbGUuaGVyYWxkMRMwEQYDVQQLDApIRVJBTEQxMjM0
            MRQwEgYDVQQKDAtIZXJhbGQgVGVzdDELMAkGA1UEBhMCVVMwWTATBgcqhkjOPQIB
            BggqhkjOPQMBBwNCAATbYGfsaPevaIxqE7z6QavwAUSY44rv0dCVcWMdx+wS0DXs
            tOaRYiIoDTVhYCCSFGYMwBoR3n57G/7e09I04/+To1MwUTAdBgNVHQ4EFgQUuZLE
            nlkgN5jw21zGzAoaKuzKFRgwHwYDVR0jBBgwFoAUuZLEnlkgN5jw21zGzAoaKuzK
            FRgwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiALrPEhaqsU7GxF
            J3CxkItmVa6IBBnI5wEr0K/ZjaLGqAIhAPuMHl0nrInRxUej8wGGKF+5ml4gvEcW
            orwKAlz8ZoAu
            -----END CERTIFICATE-----
            """;
    /** Self-signed, subject {@code CN=No Topic, O=Herald Test}: no UID. */
    private static final String CERTIFICATE_WITHOUT_UID = """
            -----BEGIN CERTIFICATE-----
            MIIBqDCCAU+gAwIBAgIUCkFivCjj6wwUypWYBRO6PojoYaUwCgYIKoZIzj0EAwIw
            KTERMA8GA1UEAwwITm8gVG9waWMxFDASBgNVBAoMC0hlcmFsZCBUZXN0MCAXDTI2
            MTIwMTA2MTIxMVoYDzIxMjYxMTA3MDYxMjExWjApMREwDwYDVQQDDAhObyBUb3Bp
            YzEUMBIGA1UECgwLSGVyYWxkIFRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
            AAS0WDuNZiWIF2bGs7gKCoRGB9ahooiv+kpU0oiau6xHkdoy/RdMOKy7cvLVkRNC
            Lk1S1mdOS2hnQdrsdK/13JlXo1MwUTAdBgNVHQ4EFgQUjbU28v1vBxgIC0R1g0Ll
            8dHoDfswHwYDVR0jBBgwFoAUjbU28v1vBxgIC0R1g0Ll8dHoDfswDwYDVR0TAQH/
            BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiByKRKB+j0/VG9V5ey9iMxiywsd3cCN
            UbLQoSMVE7nooAIgHw8f9o7PfWew2j5CyfchxY+/frVA7TX62klZnhJk2N0=
            -----END CERTIFICATE-----
            """;
    private static final String SERVICE_ACCOUNT = """
            {"type": "service_account", "project_id": "herald-test-1", "private_key_id": "k1",
             "private_key": "-----BEGIN PRIVATE KEY-----\\nnot-a-key\\n-----END PRIVATE KEY-----\\n",
             "client_email": "push@herald-test-1.iam.gserviceaccount.com"}""";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> body(ProviderRequest request) {
        return map(request.body());
    }

    private static Map<String, Object> at(ProviderRequest request, String... path) {
        Object node = request.body();
        for (String key : path) {
            node = map(node).get(key);
        }
        return map(node);
    }

    @Nested
    class Apns {
        @Test
        void mapsTheGenericParameters() {
            ProviderRequest r = Payloads.apns(notification().title("Hi").body("There").sound("ding.caf")
                    .action("REPLY").to(BindingType.APN, TOKEN));

            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/3/device/" + TOKEN);
            assertThat(body(r)).containsOnlyKeys("aps");
            assertThat(at(r, "aps")).containsExactly(Map.entry("alert", Map.of("title", "Hi", "body", "There")),
                    Map.entry("sound", "ding.caf"), Map.entry("category", "REPLY"));
            assertThat(r.headers()).containsExactly(Map.entry("apns-push-type", "alert"),
                    Map.entry("apns-priority", "10"), Map.entry("apns-expiration", Long.toString(
                            CREATED + 2_419_200)));
        }

        @Test
        void dataKeysGoAtTheRootOutsideAps() {
            ProviderRequest r = Payloads.apns(notification().body("b")
                    .data("{\"s\": \"x\", \"n\": 42, \"f\": 4.5, \"t\": true, \"o\": {\"a\": [1]}, \"l\": [\"y\"],"
                            + " \"z\": null, \"aps\": {\"badge\": 9}}")
                    .to(BindingType.APN, TOKEN));

            assertThat(body(r)).containsKeys("aps", "s", "n", "f", "t", "o", "l", "z");
            assertThat(body(r).get("s")).isEqualTo("x");
            assertThat(body(r).get("n")).isEqualTo(42);
            assertThat(body(r).get("f")).isEqualTo(4.5);
            assertThat(body(r).get("t")).isEqualTo(true);
            assertThat(body(r).get("o")).isEqualTo(Map.of("a", List.of(1)));
            assertThat(body(r).get("l")).isEqualTo(List.of("y"));
            assertThat(body(r).get("z")).isNull();
            assertThat(at(r, "aps")).as("a Data key named aps cannot reach aps").doesNotContainKey("badge");
        }

        @Test
        void leavesOutTheAlertWhenThereIsNeitherTitleNorBody() {
            ProviderRequest r = Payloads.apns(notification().sound("default").to(BindingType.APN, TOKEN));

            assertThat(at(r, "aps")).containsExactly(Map.entry("sound", "default"));
            assertThat(r.headers()).containsEntry("apns-push-type", "alert");
        }

        @Test
        void lowPriorityIsFive() {
            ProviderRequest r = Payloads.apns(notification().priority(Priority.LOW).body("b")
                    .to(BindingType.APN, TOKEN));

            assertThat(r.headers()).containsEntry("apns-priority", "5");
        }

        @Test
        void aTtlOfZeroExpiresAtOnce() {
            ProviderRequest r = Payloads.apns(notification().ttl(0).body("b").to(BindingType.APN, TOKEN));

            assertThat(r.headers()).containsEntry("apns-expiration", "0");
        }

        @Test
        void theExpirationIsTheDeadline() {
            ProviderRequest r = Payloads.apns(notification().ttl(3600).body("b").to(BindingType.APN, TOKEN));

            assertThat(r.headers()).containsEntry("apns-expiration", Long.toString(CREATED + 3600));
        }

        @Test
        void withoutAlertSoundOrBadgeItIsABackgroundPushAtPriorityFive() {
            ProviderRequest r = Payloads.apns(notification().priority(Priority.HIGH).data("{\"k\": \"v\"}")
                    .to(BindingType.APN, TOKEN));

            assertThat(at(r, "aps")).containsExactly(Map.entry("content-available", 1));
            assertThat(r.headers()).containsEntry("apns-push-type", "background")
                    .containsEntry("apns-priority", "5");
        }

        @Test
        void aBadgeAloneIsAnAlertPush() {
            ProviderRequest r = Payloads.apns(notification().apn("{\"aps\": {\"badge\": 3}}")
                    .to(BindingType.APN, TOKEN));

            assertThat(at(r, "aps")).containsExactly(Map.entry("badge", 3));
            assertThat(r.headers()).containsEntry("apns-push-type", "alert").containsEntry("apns-priority", "10");
        }

        @Test
        void theApnOverrideIsDeepMerged() {
            TestAttempts n = notification().title("T").body("B").sound("s")
                    .data("{\"custom\": {\"y\": 2}, \"k\": \"orig\", \"keep\": 1}")
                    .apn("{\"aps\": {\"alert\": {\"subtitle\": \"S\", \"body\": \"B2\"}, \"badge\": 3,"
                            + " \"sound\": null, \"mutable-content\": 1},"
                            + " \"custom\": {\"x\": 1}, \"k\": [\"replaced\"], \"extra\": \"e\"}");
            ProviderRequest r = Payloads.apns(n.to(BindingType.APN, TOKEN));

            assertThat(at(r, "aps", "alert")).containsExactly(Map.entry("title", "T"), Map.entry("body", "B2"),
                    Map.entry("subtitle", "S"));
            assertThat(at(r, "aps")).doesNotContainKey("sound").containsEntry("badge", 3)
                    .containsEntry("mutable-content", 1);
            assertThat(at(r, "custom")).containsExactly(Map.entry("y", 2), Map.entry("x", 1));
            assertThat(body(r)).containsEntry("k", List.of("replaced")).containsEntry("keep", 1)
                    .containsEntry("extra", "e");
        }

        @Test
        void theMergeLeavesTheNotificationUntouched() {
            TestAttempts n = notification().data("{\"custom\": {\"y\": 2}}").apn("{\"custom\": {\"x\": 1}}");
            Attempt attempt = n.to(BindingType.APN, TOKEN);

            Payloads.apns(attempt);

            assertThat(attempt.notification().data()).isEqualTo(json("{\"custom\": {\"y\": 2}}"));
            assertThat(attempt.notification().apn()).isEqualTo(json("{\"custom\": {\"x\": 1}}"));
        }

        @Test
        void anAlertStringReplacesTheAlertObject() {
            ProviderRequest r = Payloads.apns(notification().title("T").body("B")
                    .apn("{\"aps\": {\"alert\": \"plain\"}}").to(BindingType.APN, TOKEN));

            assertThat(at(r, "aps")).containsExactly(Map.entry("alert", "plain"));
        }

        @Test
        void anApsThatIsNotAnObjectIsRefused() {
            Attempt attempt = notification().body("b").apn("{\"aps\": \"x\"}").to(BindingType.APN, TOKEN);

            assertThatThrownBy(() -> Payloads.apns(attempt)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(TOKEN);
        }

        @Test
        void theTopicIsTheUidOfTheCertificateSubject() {
            Attempt attempt = notification().body("b")
                    .credential(credential(CredentialType.APN,
                            new CredentialSecrets(CERTIFICATE_WITH_UID, "key", false, null, null)))
                    .to(BindingType.APN, TOKEN);

            assertThat(Payloads.apns(attempt).headers()).containsEntry("apns-topic", "com.example.herald");
        }

        @Test
        void theCertificateMayComeWithBagAttributesAndAKey() {
            String pem = "Bag Attributes\n    friendlyName: Apple Push Services: com.example.herald\n"
                    + "subject=/UID=com.example.herald\n" + CERTIFICATE_WITH_UID
                    + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
            Attempt attempt = notification().body("b")
                    .credential(credential(CredentialType.APN, new CredentialSecrets(pem, null, null, null, null)))
                    .to(BindingType.APN, TOKEN);

            assertThat(Payloads.apns(attempt).headers()).containsEntry("apns-topic", "com.example.herald");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----", "NO-UID"})
        void thereIsNoTopicWithoutAReadableCertificateWithAUid(String certificate) {
            String pem = certificate.equals("NO-UID") ? CERTIFICATE_WITHOUT_UID : certificate;
            Attempt attempt = notification().body("b")
                    .credential(credential(CredentialType.APN, new CredentialSecrets(pem, null, null, null, null)))
                    .to(BindingType.APN, TOKEN);

            assertThat(Payloads.apns(attempt).headers()).doesNotContainKey("apns-topic");
        }

        @Test
        void aTokenCredentialsTopicIsItsBundleId() {
            Attempt attempt = notification().body("b")
                    .credential(credential(CredentialType.APN, new CredentialSecrets(CERTIFICATE_WITH_UID, "key",
                            false, null, null, "ABCDE12345", "TEAM123456", "com.example.token")))
                    .to(BindingType.APN, TOKEN);

            assertThat(Payloads.apns(attempt).headers()).containsEntry("apns-topic", "com.example.token");
        }

        @Test
        void anApnsTopicKeyOfTheOverrideIsTheTopicAndLeavesThePayload() {
            Attempt attempt = notification().body("b").apn("{\"apns-topic\":\"com.example.voip\",\"k\":1}")
                    .credential(credential(CredentialType.APN,
                            new CredentialSecrets(CERTIFICATE_WITH_UID, "key", false, null, null)))
                    .to(BindingType.APN, TOKEN);

            ProviderRequest request = Payloads.apns(attempt);

            assertThat(request.headers()).containsEntry("apns-topic", "com.example.voip");
            assertThat(request.bodyJson()).doesNotContain("apns-topic").contains("\"k\":1");
        }

        @Test
        void thereIsNoTopicWithoutACredentialOrCertificate() {
            assertThat(Payloads.apns(notification().body("b").to(BindingType.APN, TOKEN)).headers())
                    .doesNotContainKey("apns-topic");
            Attempt noCertificate = notification().body("b").credential(credential(CredentialType.APN,
                    new CredentialSecrets(null, null, null, null, null))).to(BindingType.APN, TOKEN);
            assertThat(Payloads.apns(noCertificate).headers()).doesNotContainKey("apns-topic");
        }
    }

    @Nested
    class Fcm {
        private TestAttempts withProject() {
            return notification().credential(credential(CredentialType.FCM,
                    new CredentialSecrets(null, null, null, null, SERVICE_ACCOUNT)));
        }

        @Test
        void mapsTheGenericParameters() {
            ProviderRequest r = Payloads.fcm(withProject().title("Hi").body("There").sound("ding").action("OPEN")
                    .to(BindingType.FCM, TOKEN));

            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/projects/herald-test-1/messages:send");
            assertThat(r.headers()).containsExactly(Map.entry("Content-Type", "application/json; charset=UTF-8"));
            assertThat(body(r)).containsOnlyKeys("message");
            assertThat(at(r, "message")).containsOnlyKeys("token", "data", "android")
                    .containsEntry("token", TOKEN);
            assertThat(at(r, "message", "data")).containsExactly(Map.entry("twi_title", "Hi"),
                    Map.entry("twi_body", "There"), Map.entry("twi_sound", "ding"), Map.entry("twi_action", "OPEN"));
            assertThat(at(r, "message", "android")).containsExactly(Map.entry("priority", "HIGH"),
                    Map.entry("ttl", (2_419_200 - 10) + "s"));
        }

        @Test
        void onlyTheGivenParametersBecomeData() {
            ProviderRequest r = Payloads.fcm(notification().body("b").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "data")).containsExactly(Map.entry("twi_body", "b"));
        }

        @Test
        void dataValuesOfEveryJsonTypeBecomeStrings() {
            Map<String, Object> data = new LinkedHashMap<>(json("{\"s\": \"x\", \"n\": 42, \"big\": 12345678901234,"
                    + " \"f\": 4.5, \"t\": true, \"no\": false, \"o\": {\"a\": [1, \"b\"]}, \"l\": [1, \"x\", null],"
                    + " \"e\": \"\", \"json\": \"{\\\"q\\\": 1}\"}"));
            data.put("z", null);
            ProviderRequest r = Payloads.fcm(notification().data(data).to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "data")).containsExactly(Map.entry("s", "x"), Map.entry("n", "42"),
                    Map.entry("big", "12345678901234"), Map.entry("f", "4.5"), Map.entry("t", "true"),
                    Map.entry("no", "false"), Map.entry("o", "{\"a\":[1,\"b\"]}"), Map.entry("l", "[1,\"x\",null]"),
                    Map.entry("e", ""), Map.entry("json", "{\"q\": 1}"));
        }

        @Test
        void lowPriorityIsNormal() {
            ProviderRequest r = Payloads.fcm(notification().priority(Priority.LOW).to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("priority", "NORMAL");
        }

        @Test
        void theTtlIsWhatRemainsAtTheAttempt() {
            ProviderRequest r = Payloads.fcm(notification().ttl(3600).nowMillis((CREATED + 600) * 1000 + 999)
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("ttl", "3000s");
        }

        @Test
        void aTtlOfZeroIsZeroSeconds() {
            ProviderRequest r = Payloads.fcm(notification().ttl(0).nowMillis(CREATED * 1000)
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("ttl", "0s");
        }

        @Test
        void withoutAServiceAccountProjectTheProjectIsADash() {
            for (String secret : new String[] {null, "AAAAserverkey", "{\"type\": \"service_account\"}",
                    "{\"project_id\": 7}", "{\"project_id\": \"../../x\"}", "[]", "{"}) {
                Attempt attempt = notification().credential(credential(CredentialType.GCM,
                        new CredentialSecrets(null, null, null, null, secret))).to(BindingType.GCM, TOKEN);
                assertThat(Payloads.fcm(attempt).path()).as(String.valueOf(secret))
                        .isEqualTo("/v1/projects/-/messages:send");
            }
            assertThat(Payloads.fcm(notification().to(BindingType.FCM, TOKEN)).path())
                    .isEqualTo("/v1/projects/-/messages:send");
        }

        @Test
        void fcmBindingsTakeTheFcmOverrideAndGcmBindingsTheGcmOne() {
            TestAttempts n = notification().fcm("{\"collapse_key\": \"from-fcm\"}")
                    .gcm("{\"collapse_key\": \"from-gcm\"}");

            assertThat(at(Payloads.fcm(n.to(BindingType.FCM, TOKEN)), "message", "android"))
                    .containsEntry("collapse_key", "from-fcm");
            assertThat(at(Payloads.fcm(n.to(BindingType.GCM, TOKEN)), "message", "android"))
                    .containsEntry("collapse_key", "from-gcm");
        }

        @Test
        void overrideDataMergesAsStrings() {
            ProviderRequest r = Payloads.fcm(notification().body("b").data("{\"k\": \"v\", \"gone\": 1}")
                    .fcm("{\"data\": {\"k\": 5, \"o\": {\"a\": true}, \"gone\": null, \"t\": false}}")
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "data")).containsExactly(Map.entry("twi_body", "b"), Map.entry("k", "5"),
                    Map.entry("o", "{\"a\":true}"), Map.entry("t", "false"));
        }

        @Test
        void titleBodyAndImageGoToTheCommonNotification() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"notification\": {\"title\": \"T\","
                    + " \"body\": \"B\", \"image\": \"https://example.com/i.png\"}}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "notification")).containsExactly(Map.entry("title", "T"),
                    Map.entry("body", "B"), Map.entry("image", "https://example.com/i.png"));
            assertThat(at(r, "message", "android")).doesNotContainKey("notification");
        }

        @ParameterizedTest
        @CsvSource({"icon,icon", "color,color", "sound,sound", "tag,tag", "click_action,click_action",
                "body_loc_key,body_loc_key", "title_loc_key,title_loc_key", "channel_id,channel_id",
                "android_channel_id,channel_id"})
        void androidOnlyNotificationKeysGoToTheAndroidNotification(String legacy, String v1) {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"notification\": {\"" + legacy + "\": \"v\"}}")
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android", "notification")).containsExactly(Map.entry(v1, "v"));
            assertThat(at(r, "message")).doesNotContainKey("notification");
        }

        @Test
        void locArgsStayArraysOfStrings() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"notification\": {\"body_loc_args\": [\"a\", 2],"
                    + " \"title_loc_args\": [\"t\"]}}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android", "notification")).containsExactly(
                    Map.entry("body_loc_args", List.of("a", "2")), Map.entry("title_loc_args", List.of("t")));
        }

        @ParameterizedTest
        @CsvSource({"'\"high\"',HIGH,LOW", "'\"HIGH\"',HIGH,LOW", "'\"normal\"',NORMAL,HIGH", "'\"10\"',HIGH,LOW",
                "'\"5\"',NORMAL,HIGH", "10,HIGH,LOW", "5,NORMAL,HIGH"})
        void thePriorityOfTheOverrideWins(String legacy, String v1, Priority notifyPriority) {
            ProviderRequest r = Payloads.fcm(notification().priority(notifyPriority)
                    .fcm("{\"priority\": " + legacy + "}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("priority", v1);
        }

        @Test
        void timeToLiveWithinTheRemainingTtlIsKept() {
            ProviderRequest r = Payloads.fcm(notification().ttl(3600).fcm("{\"time_to_live\": 60}")
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("ttl", "60s");
        }

        @Test
        void timeToLiveIsNeverLongerThanTheRemainingTtl() {
            ProviderRequest r = Payloads.fcm(notification().ttl(3600).fcm("{\"time_to_live\": 2419200}")
                    .to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("ttl", "3590s");
        }

        @Test
        void collapseKeyAndRestrictedPackageNameGoToAndroid() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"collapse_key\": \"news\","
                    + " \"restricted_package_name\": \"com.example.app\"}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "android")).containsEntry("collapse_key", "news")
                    .containsEntry("restricted_package_name", "com.example.app");
        }

        @Test
        void contentAndMutableContentGoToTheApnsPayload() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"content_available\": true,"
                    + " \"mutable_content\": true}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message", "apns")).isEqualTo(Map.of("payload",
                    Map.of("aps", Map.of("content-available", 1, "mutable-content", 1))));
        }

        @Test
        void falseContentFlagsAddNothing() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"content_available\": false,"
                    + " \"mutable_content\": false, \"dry_run\": false}").to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message")).doesNotContainKey("apns");
            assertThat(body(r)).containsOnlyKeys("message");
        }

        @Test
        void aDryRunOnlyValidates() {
            ProviderRequest r = Payloads.fcm(notification().fcm("{\"dry_run\": true}").to(BindingType.FCM, TOKEN));

            assertThat(body(r)).containsOnlyKeys("message", "validate_only").containsEntry("validate_only", true);
        }

        @Test
        void keysWithoutAnHttpV1EquivalentAreDropped() {
            String override = "{\"delay_while_idle\": true, \"notification\": {\"title\": \"T\", \"badge\": \"1\","
                    + " \"subtitle\": \"s\"}, \"mystery\": 1, \"collapse_key\": \"c\"}";
            ProviderRequest r = Payloads.fcm(notification().fcm(override).to(BindingType.FCM, TOKEN));

            assertThat(at(r, "message")).containsOnlyKeys("token", "notification", "android");
            assertThat(at(r, "message", "notification")).containsExactly(Map.entry("title", "T"));
            assertThat(at(r, "message", "android")).containsOnlyKeys("priority", "ttl", "collapse_key");
            assertThat(r.toJson()).doesNotContain("delay_while_idle", "badge", "subtitle", "mystery");
            assertThat(Payloads.unmappedFcmKeys(json(override)))
                    .containsExactly("delay_while_idle", "notification.badge", "notification.subtitle", "mystery");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"data\": [1]}", "{\"notification\": \"x\"}", "{\"priority\": \"urgent\"}",
                "{\"priority\": {}}", "{\"time_to_live\": -1}", "{\"time_to_live\": 1.5}",
                "{\"time_to_live\": \"soon\"}", "{\"notification\": {\"title\": {\"a\": 1}}}",
                "{\"notification\": {\"body_loc_args\": \"a\"}}", "{\"collapse_key\": [\"a\"]}"})
        void aMalformedOverrideIsRefusedWithoutQuotingIt(String override) {
            Attempt attempt = notification().fcm(override).to(BindingType.FCM, TOKEN);

            assertThatThrownBy(() -> Payloads.fcm(attempt)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("urgent").hasMessageNotContaining("soon")
                    .hasMessageNotContaining(TOKEN);
        }
    }

    @Nested
    class Sms {
        @Test
        void mapsTheGenericParameters() {
            ProviderRequest r = Payloads.sms(notification().title("ignored").body("Hello").sound("ignored")
                    .to(BindingType.SMS, PHONE));

            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
            assertThat(r.headers()).containsExactly(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(body(r)).containsExactly(Map.entry("To", List.of(PHONE)), Map.entry("Body", List.of("Hello")),
                    Map.entry("MessagingServiceSid", List.of(MESSAGING_SERVICE)));
        }

        @Test
        void theSmsOverrideApplies() {
            ProviderRequest r = Payloads.sms(notification().body("generic").sms("{\"body\": \"specific\","
                    + " \"media_urls\": [\"https://example.com/a.png\", \"https://example.com/b.png\"],"
                    + " \"status_callback\": \"https://example.com/cb\", \"max_price\": 0.5, \"other\": 1}")
                    .to(BindingType.SMS, PHONE));

            assertThat(body(r)).containsExactly(Map.entry("To", List.of(PHONE)),
                    Map.entry("Body", List.of("specific")),
                    Map.entry("MediaUrl", List.of("https://example.com/a.png", "https://example.com/b.png")),
                    Map.entry("MessagingServiceSid", List.of(MESSAGING_SERVICE)),
                    Map.entry("StatusCallback", List.of("https://example.com/cb")),
                    Map.entry("MaxPrice", List.of("0.5")));
        }

        @Test
        void absentFieldsAreLeftOut() {
            ProviderRequest r = Payloads.sms(notification().sms("{\"media_urls\": [\"https://example.com/a.png\"]}")
                    .to(BindingType.SMS, PHONE));

            assertThat(body(r)).containsOnlyKeys("To", "MediaUrl", "MessagingServiceSid");
        }

        @Test
        void aMalformedOverrideIsRefused() {
            Attempt attempt = notification().sms("{\"body\": {\"a\": 1}}").to(BindingType.SMS, PHONE);

            assertThatThrownBy(() -> Payloads.sms(attempt)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(PHONE);
        }
    }

    @Nested
    class FacebookMessenger {
        @Test
        void mapsTheBody() {
            ProviderRequest r = Payloads.facebookMessenger(notification().title("ignored").body("Hello")
                    .to(BindingType.FACEBOOK_MESSENGER, "1234567890"));

            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v2.0/me/messages");
            assertThat(r.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
            assertThat(body(r)).isEqualTo(Map.of("recipient", Map.of("id", "1234567890"),
                    "message", Map.of("text", "Hello")));
        }

        @Test
        void theOverrideMergesOverTheRootButNotTheRecipient() {
            ProviderRequest r = Payloads.facebookMessenger(notification().body("Hello")
                    .facebookMessenger("{\"recipient\": {\"id\": \"someone-else\", \"phone_number\": \"+1\"},"
                            + " \"messaging_type\": \"UPDATE\", \"message\": {\"quick_replies\": [{\"title\": \"ok\"}]}}")
                    .to(BindingType.FACEBOOK_MESSENGER, "1234567890"));

            assertThat(body(r)).containsEntry("recipient", Map.of("id", "1234567890"))
                    .containsEntry("messaging_type", "UPDATE");
            assertThat(at(r, "message")).containsExactly(Map.entry("text", "Hello"),
                    Map.entry("quick_replies", List.of(Map.of("title", "ok"))));
        }

        @Test
        void withoutBodyThereIsNoMessageUnlessTheOverrideGivesOne() {
            ProviderRequest none = Payloads.facebookMessenger(notification()
                    .to(BindingType.FACEBOOK_MESSENGER, "1234567890"));
            ProviderRequest attachment = Payloads.facebookMessenger(notification()
                    .facebookMessenger("{\"message\": {\"attachment\": {\"type\": \"image\"}}}")
                    .to(BindingType.FACEBOOK_MESSENGER, "1234567890"));

            assertThat(body(none)).containsOnlyKeys("recipient");
            assertThat(at(attachment, "message")).containsOnlyKeys("attachment");
        }
    }

    @Nested
    class Build {
        @Test
        void choosesTheChannelByBindingType() {
            TestAttempts n = notification().body("b");

            assertThat(Payloads.build(n.to(BindingType.APN, TOKEN)).path()).startsWith("/3/device/");
            assertThat(Payloads.build(n.to(BindingType.FCM, TOKEN)).path()).startsWith("/v1/projects/");
            assertThat(Payloads.build(n.to(BindingType.GCM, TOKEN)).path()).startsWith("/v1/projects/");
            assertThat(Payloads.build(n.to(BindingType.SMS, PHONE)).path()).startsWith("/2010-04-01/");
            assertThat(Payloads.build(n.to(BindingType.FACEBOOK_MESSENGER, "1")).path())
                    .isEqualTo("/v2.0/me/messages");
        }

        @Test
        void alexaIsRefused() {
            Attempt attempt = notification().body("b").to(BindingType.ALEXA, "amzn1.ask.account.x");

            assertThatThrownBy(() -> Payloads.build(attempt)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Request {
        @Test
        void rendersAsJsonWithoutSecrets() {
            ProviderRequest r = Payloads.build(notification().body("b").credential(credential(CredentialType.FCM,
                    new CredentialSecrets(null, null, null, "api-key-value", SERVICE_ACCOUNT)))
                    .to(BindingType.FCM, TOKEN));

            Map<String, Object> json = map(parse(r.toJson()));
            assertThat(json).containsOnlyKeys("method", "path", "headers", "body");
            assertThat(json.get("method")).isEqualTo("POST");
            assertThat(json.get("path")).isEqualTo(r.path());
            assertThat(json.get("headers")).isEqualTo(r.headers());
            assertThat(json.get("body")).isEqualTo(r.body());
            assertThat(r.toJson()).doesNotContain("api-key-value", "PRIVATE KEY", "Authorization",
                    "client_email");
        }

        @Test
        void isImmutableAndKeepsTheAddressOutOfToString() {
            ProviderRequest r = Payloads.build(notification().body("b").to(BindingType.APN, TOKEN));

            assertThatThrownBy(() -> body(r).put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> at(r, "aps").put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> r.headers().put("x", "1")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(r.toString()).doesNotContain(TOKEN);
        }

        @Test
        void theSmsFormRendersAsArrays() {
            ProviderRequest r = Payloads.build(notification().body("b").to(BindingType.SMS, PHONE));

            assertThat(map(parse(r.toJson())).get("body")).isEqualTo(Map.of("To", List.of(PHONE),
                    "Body", List.of("b"), "MessagingServiceSid", List.of(MESSAGING_SERVICE)));
        }
    }
}
