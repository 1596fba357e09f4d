package dev.herald.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys made on the spot for TLS tests (Pushy's MockApnsServer, apn Credentials): nothing is read
 * from disk, nothing outlives the JVM. Subjects are X.500 names such as {@code "UID=com.example.app, CN=Apple Push
 * Services: com.example.app"}.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its private key, with their PEM texts. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certificatePem() {
            return pem(certificate);
        }

        /** PKCS#8 ({@code BEGIN PRIVATE KEY}). */
        public String keyPem() {
            return pkcs8Pem(key);
        }

        /** PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), as {@code openssl rsa} writes it: RSA keys only. */
        public String rsaKeyPem() {
            try {
                return pem(PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive()
                        .getEncoded(), "RSA PRIVATE KEY");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestPki() {
    }

    public static KeyPair rsa() {
        return generate("RSA", null);
    }

    /** A P-256 key pair, the curve of APNs signing keys. */
    public static KeyPair p256() {
        return ec("secp256r1");
    }

    /** An EC key pair on the named curve. */
    public static KeyPair ec(String curve) {
        return generate("EC", new ECGenParameterSpec(curve));
    }

    /** A self-signed CA certificate. */
    public static Issued authority(String subject) {
        KeyPair kp = rsa();
        return sign(subject, kp, new X500Name(subject), kp.getPrivate(), true, Duration.ofDays(1), null);
    }

    /** A certificate for {@code localhost} and 127.0.0.1 issued by {@code ca} (a TLS server's). */
    public static Issued localhostServer(Issued ca) {
        return localhostServer(ca, rsa());
    }

    /** {@link #localhostServer(Issued)} for the key pair {@code kp} (RSA or EC). */
    public static Issued localhostServer(Issued ca, KeyPair kp) {
        GeneralNames names = new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return sign("CN=localhost", kp, name(ca), ca.key(), false,
                Duration.ofDays(1), names);
    }

    /** A TLS server's certificate for the host names {@code hosts} issued by {@code ca}. */
    public static Issued server(Issued ca, String... hosts) {
        GeneralNames names = new GeneralNames(java.util.Arrays.stream(hosts)
                .map(host -> new GeneralName(GeneralName.dNSName, host)).toArray(GeneralName[]::new));
        return sign("CN=" + hosts[0], rsa(), name(ca), ca.key(), false, Duration.ofDays(1), names);
    }

    /** A certificate for {@code subject} issued by {@code ca}, valid for {@code validity} from an hour ago. */
    public static Issued client(Issued ca, String subject, Duration validity) {
        KeyPair kp = rsa();
        return sign(subject, kp, name(ca), ca.key(), false, validity, null);
    }

    /** A private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), as Apple's .p8 files hold it. */
    public static String pkcs8Pem(PrivateKey key) {
        return pem(key.getEncoded(), "PRIVATE KEY");
    }

    /**
     * A P-256 private key as SEC1 PEM ({@code BEGIN EC PRIVATE KEY}) naming its curve, as {@code openssl ecparam
     * -genkey} writes it.
     */
    public static String sec1Pem(PrivateKey p256) {
        try {
            BigInteger s = ((java.security.interfaces.ECPrivateKey) p256).getS();
            return pem(new org.bouncycastle.asn1.sec.ECPrivateKey(256, s,
                    org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1).getEncoded(), "EC PRIVATE KEY");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A certificate (or another object BouncyCastle knows) as PEM text. */
    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String pem(byte[] der, String label) {
        String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static X500Name name(Issued ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static Issued sign(String subject, KeyPair kp, X500Name issuer, PrivateKey issuerKey, boolean ca,
                               Duration validity, GeneralNames names) {
        try {
            Instant from = Instant.now().minus(Duration.ofHours(1));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(from.plus(validity)),
                    new X500Name(subject), kp.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
            return new Issued(cert, kp.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("Could not make a test certificate.", e);
        }
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                g.initialize(spec);
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
