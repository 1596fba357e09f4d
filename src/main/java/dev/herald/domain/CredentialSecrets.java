package dev.herald.domain;

/**
 * The secret part of a Credential; any field may be null when unset. {@code keyId}, {@code teamId} and {@code
 * bundleId} make an apn Credential use APNs token authentication (a Herald extension): {@code privateKey} is then
 * the .p8 signing key. {@code toString} never reveals values, so that the record can be logged or put in an
 * exception message safely.
 */
public record CredentialSecrets(String certificate, String privateKey, Boolean sandbox, String apiKey, String secret,
                                String keyId, String teamId, String bundleId) {

    /** Secrets without APNs token authentication. */
    public CredentialSecrets(String certificate, String privateKey, Boolean sandbox, String apiKey, String secret) {
        this(certificate, privateKey, sandbox, apiKey, secret, null, null, null);
    }

    /** Whether these are APNs token-authentication secrets (a key id is set). */
    public boolean apnsToken() {
        return keyId != null;
    }

    /** These secrets with every non-null field of {@code changes} applied on top. */
    public CredentialSecrets merge(CredentialSecrets changes) {
        return new CredentialSecrets(
                changes.certificate != null ? changes.certificate : certificate,
                changes.privateKey != null ? changes.privateKey : privateKey,
                changes.sandbox != null ? changes.sandbox : sandbox,
                changes.apiKey != null ? changes.apiKey : apiKey,
                changes.secret != null ? changes.secret : secret,
                changes.keyId != null ? changes.keyId : keyId,
                changes.teamId != null ? changes.teamId : teamId,
                changes.bundleId != null ? changes.bundleId : bundleId);
    }

    @Override
    public String toString() {
        return "CredentialSecrets[redacted]";
    }
}
