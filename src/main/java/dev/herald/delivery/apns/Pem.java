package dev.herald.delivery.apns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM texts of apn Credentials: the push certificate, and its private key as PKCS#8 ({@code BEGIN PRIVATE
 * KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what {@code openssl rsa} writes and Notify's guide
 * produced). Failures are {@link GeneralSecurityException}s whose messages never hold any of the text.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, as PKCS#8 wraps a PKCS#1 key. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private Pem() {
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        byte[] der = block(pem, "CERTIFICATE");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** An RSA or EC private key, from PKCS#8 or PKCS#1 (RSA) PEM text. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem != null && pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(block(pem, "RSA PRIVATE KEY"))));
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY"));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the private key is neither an RSA nor an EC key");
    }

    /** A PKCS#8 EC key (an APNs .p8 signing key). */
    static ECPrivateKey ecPrivateKey(String pem) throws GeneralSecurityException {
        return (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY")));
    }

    private static byte[] block(String pem, String label) throws GeneralSecurityException {
        if (pem == null) {
            throw new GeneralSecurityException("no " + label.toLowerCase() + " given");
        }
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                try {
                    return Base64.getMimeDecoder().decode(m.group(2));
                } catch (IllegalArgumentException e) {
                    throw new GeneralSecurityException("the " + label.toLowerCase() + " is not valid base64");
                }
            }
        }
        throw new GeneralSecurityException("no PEM " + label.toLowerCase() + " block found");
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: SEQUENCE { 0, rsaEncryption, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (n >>> (8 * i));
        }
        return out;
    }
}
