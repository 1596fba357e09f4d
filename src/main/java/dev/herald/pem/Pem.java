package dev.herald.pem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM texts of certificates and private keys (apn Credentials, the {@code --tls-cert} and {@code --tls-key} files):
 * certificates, and private keys as PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or EC), PKCS#1 ({@code BEGIN RSA PRIVATE
 * KEY}, what {@code openssl rsa} writes and Notify's guide produced) or SEC1 ({@code BEGIN EC PRIVATE KEY}, what
 * {@code openssl ecparam -genkey} writes). Failures are {@link GeneralSecurityException}s whose messages never hold
 * any of the text.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, as PKCS#8 wraps a PKCS#1 key. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private Pem() {
    }

    public static X509Certificate certificate(String pem) throws GeneralSecurityException {
        byte[] der = block(pem, "CERTIFICATE");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** Every certificate of a PEM text, in order (a chain: the server's certificate first); at least one. */
    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2),
                        "CERTIFICATE"))));
            }
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate block found");
        }
        return chain;
    }

    /** An RSA or EC private key, from PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM text. */
    public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem != null && pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(block(pem, "RSA PRIVATE KEY"))));
        }
        if (pem != null && pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1(block(pem, "EC PRIVATE KEY"))));
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
    public static ECPrivateKey ecPrivateKey(String pem) throws GeneralSecurityException {
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
                return decode(m.group(2), label);
            }
        }
        throw new GeneralSecurityException("no PEM " + label.toLowerCase() + " block found");
    }

    private static byte[] decode(String base64, String label) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the " + label.toLowerCase() + " is not valid base64");
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: SEQUENCE { 0, rsaEncryption, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] pkcs1) {
        return sequence(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1));
    }

    /** AlgorithmIdentifier's OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    /**
     * PKCS#8 PrivateKeyInfo around a SEC1 ECPrivateKey, whose curve it names: SEQUENCE { 0, SEQUENCE {
     * id-ecPublicKey, the curve's OID }, OCTET STRING key }. The SEC1 key must name its curve ({@code [0]}), as
     * {@code openssl} writes it.
     */
    private static byte[] sec1(byte[] der) throws GeneralSecurityException {
        byte[] curve = null;
        try {
            int at = headerLength(der, 0); // into SEQUENCE
            while (at < der.length) {
                int tag = der[at] & 0xff;
                int header = headerLength(der, at);
                int size = contentLength(der, at);
                if (tag == 0xa0) {
                    curve = Arrays.copyOfRange(der, at + header, at + header + size);
                    break;
                }
                at += header + size;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new GeneralSecurityException("the EC private key is not valid DER");
        }
        if (curve == null || curve.length < 2 || curve[0] != 0x06) {
            throw new GeneralSecurityException("the EC private key does not name its curve");
        }
        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
        algorithm.writeBytes(EC_PUBLIC_KEY);
        algorithm.writeBytes(curve);
        return sequence(new byte[] {0x02, 0x01, 0x00}, tlv(0x30, algorithm.toByteArray()), tlv(0x04, der));
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static int contentLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            n = (n << 8) | (der[at + 2 + i] & 0xff);
        }
        return n;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.writeBytes(length(content.length));
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return tlv(0x30, body.toByteArray());
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
