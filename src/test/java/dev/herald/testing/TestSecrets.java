package dev.herald.testing;

/** Credential secrets that pass Herald's checks: service-account JSON for fcm/gcm, .p8 keys for APNs tokens. */
public final class TestSecrets {
    /** A service-account JSON of project {@code herald-test}. */
    public static final String SERVICE_ACCOUNT = serviceAccount("herald-test");

    private TestSecrets() {
    }

    /**
     * The smallest Google service-account JSON Herald accepts as an fcm/gcm {@code Secret}; its {@code private_key}
     * is a placeholder, not a key (Herald checks that it is there, not what it holds).
     */
    public static String serviceAccount(String projectId) {
        return serviceAccount(projectId, "-----BEGIN PRIVATE KEY-----\\nMIIplaceholder\\n-----END PRIVATE KEY-----\\n");
    }

    /** {@link #serviceAccount(String)} with {@code privateKey} as the JSON string's content (already escaped). */
    public static String serviceAccount(String projectId, String privateKey) {
        return "{\"type\":\"service_account\",\"project_id\":\"" + projectId + "\",\"private_key_id\":\"0123abcd\","
                + "\"private_key\":\"" + privateKey + "\",\"client_email\":\"herald@" + projectId
                + ".iam.gserviceaccount.com\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
    }

    /** A fresh EC key on P-256 as PKCS#8 PEM: what Apple's .p8 file holds. */
    public static String p8Key() {
        return TestPki.pkcs8Pem(TestPki.p256().getPrivate());
    }

    /** A fresh EC key on P-384 as PKCS#8 PEM (not an APNs key). */
    public static String p384Key() {
        return TestPki.pkcs8Pem(TestPki.ec("secp384r1").getPrivate());
    }

    /** A fresh 2048-bit RSA key as PKCS#8 PEM (not an APNs key). */
    public static String rsaKey() {
        return TestPki.pkcs8Pem(TestPki.rsa().getPrivate());
    }
}
