package dev.herald.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;

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
        return pkcs8Pem(generate("EC", new ECGenParameterSpec("secp256r1")));
    }

    /** A fresh EC key on P-384 as PKCS#8 PEM (not an APNs key). */
    public static String p384Key() {
        return pkcs8Pem(generate("EC", new ECGenParameterSpec("secp384r1")));
    }

    /** A fresh 2048-bit RSA key as PKCS#8 PEM (not an APNs key). */
    public static String rsaKey() {
        return pkcs8Pem(generate("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)));
    }

    /** {@code key}'s PKCS#8 bytes in PEM: base64 in 64-column lines between the PRIVATE KEY markers. */
    public static String pkcs8Pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    private static PrivateKey generate(String algorithm, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec);
            return generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
