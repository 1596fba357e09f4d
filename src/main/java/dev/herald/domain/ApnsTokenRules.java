package dev.herald.domain;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * APNs token authentication (a Herald extension): {@code KeyId}, {@code TeamId} and {@code BundleId} on an apn
 * Credential, with {@code PrivateKey} the .p8 signing key. Checked on the Credential's secrets as they would be
 * stored (after an update's merge). A refusal names the parameter and the rule, never a value.
 */
final class ApnsTokenRules {
    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
    private static final Pattern BUNDLE_ID = Pattern.compile("[A-Za-z0-9.-]{1,255}");
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final ECParameterSpec P256 = p256();

    private ApnsTokenRules() {
    }

    static void check(CredentialType type, CredentialSecrets s) {
        boolean any = s.keyId() != null || s.teamId() != null || s.bundleId() != null;
        if (!any) {
            return; // certificate authentication, or not an apn Credential: nothing of token authentication
        }
        if (type != CredentialType.APN) {
            String parameter = s.keyId() != null ? "KeyId" : s.teamId() != null ? "TeamId" : "BundleId";
            throw new InvalidParameterException(parameter,
                    "is only for apn Credentials (APNs token authentication)");
        }
        together("KeyId", s.keyId());
        together("TeamId", s.teamId());
        together("BundleId", s.bundleId());
        if (!APPLE_ID.matcher(s.keyId()).matches()) {
            throw new InvalidParameterException("KeyId", "must be Apple's 10-character key ID (A-Z, 0-9)");
        }
        if (!APPLE_ID.matcher(s.teamId()).matches()) {
            throw new InvalidParameterException("TeamId", "must be Apple's 10-character team ID (A-Z, 0-9)");
        }
        if (!BUNDLE_ID.matcher(s.bundleId()).matches()) {
            throw new InvalidParameterException("BundleId",
                    "must be an app's bundle ID: 1 to 255 ASCII letters, digits, '.' or '-'");
        }
        if (s.privateKey() == null) {
            throw new InvalidParameterException("PrivateKey",
                    "is required with KeyId, TeamId and BundleId: the .p8 signing key from Apple");
        }
        if (!isP256SigningKey(s.privateKey())) {
            throw new InvalidParameterException("PrivateKey", "must be an EC private key on the P-256 curve in "
                    + "PKCS#8 PEM (" + BEGIN + "), as in Apple's .p8 file");
        }
        if (s.certificate() != null) {
            throw new InvalidParameterException("Certificate", "a token-auth apn Credential has no certificate");
        }
    }

    private static void together(String parameter, String value) {
        if (value == null) {
            throw new InvalidParameterException(parameter,
                    "is required with APNs token authentication: KeyId, TeamId and BundleId go together");
        }
    }

    /** Whether {@code pem} is one PKCS#8 PEM block holding an EC private key on P-256. */
    static boolean isP256SigningKey(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.length() < BEGIN.length() + END.length()) {
            return false;
        }
        String base64 = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("[ \t\r\n]", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof ECPrivateKey ec)) {
                return false;
            }
            ECParameterSpec params = ec.getParams();
            return params.getCurve().getField().getFieldSize() == 256 && params.getCurve().equals(P256.getCurve())
                    && params.getOrder().equals(P256.getOrder()) && params.getGenerator().equals(P256.getGenerator());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // whatever fails to read it is no key; the cause may describe the key, so it is not kept
        }
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no P-256 curve", e);
        }
    }
}
