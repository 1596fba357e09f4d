package dev.herald.delivery;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The APNs topic (the app's bundle id) of a certificate Credential: the UID attribute of the subject of the first
 * certificate in the PEM text, as Apple issues push certificates. Never fails: anything unreadable has no topic.
 */
final class ApnsTopic {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final SecretsMemo<Optional<String>> KNOWN = new SecretsMemo<>(ApnsTopic::parse);

    private ApnsTopic() {
    }

    static Optional<String> of(String certificatePem) {
        return certificatePem == null ? Optional.empty() : KNOWN.get(certificatePem);
    }

    private static Optional<String> parse(String pem) {
        try {
            Matcher m = PEM.matcher(pem);
            if (!m.find()) {
                return Optional.empty();
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            String subject = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                Attribute uid = rdn.toAttributes().get("UID");
                if (uid != null && uid.get() instanceof String value && !value.isBlank()) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }
}
