package dev.herald.domain;

/**
 * The secret part of a Credential; any field may be null when unset. {@code toString} never reveals values, so
 * that the record can be logged or put in an exception message safely.
 */
public record CredentialSecrets(String certificate, String privateKey, Boolean sandbox, String apiKey, String secret) {

    /** These secrets with every non-null field of {@code changes} applied on top. */
    public CredentialSecrets merge(CredentialSecrets changes) {
        return new CredentialSecrets(
                changes.certificate != null ? changes.certificate : certificate,
                changes.privateKey != null ? changes.privateKey : privateKey,
                changes.sandbox != null ? changes.sandbox : sandbox,
                changes.apiKey != null ? changes.apiKey : apiKey,
                changes.secret != null ? changes.secret : secret);
    }

    @Override
    public String toString() {
        return "CredentialSecrets[redacted]";
    }
}
