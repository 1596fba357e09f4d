package dev.herald.delivery;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final int CACHE_SIZE = 256;
    private static final Map<String, Optional<String>> CACHE = new ConcurrentHashMap<>();

    private ApnsTopic() {
    }

    static Optional<String> of(String certificatePem) {
        if (certificatePem == null) {
            return Optional.empty();
        }
        Optional<String> known = CACHE.get(certificatePem);
        if (known != null) {
            return known;
        }
        Optional<String> topic = parse(certificatePem);
        if (CACHE.size() >= CACHE_SIZE) {
            CACHE.clear();
        }
        CACHE.put(certificatePem, topic);
        return topic;
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
