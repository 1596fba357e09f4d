package dev.herald.config;

import dev.herald.pem.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * HTTPS on the main port ({@code --tls-cert}, {@code --tls-key}): the server's PEM certificate chain and private key,
 * read and matched at start-up into an in-memory key store under a password of this process's own.
 *
 * @param keyStore a PKCS#12 store holding one entry, {@link #ALIAS}
 * @param password the store's and the entry's password, made up at start-up (never written anywhere)
 */
public record TlsConfig(KeyStore keyStore, String password) {
    public static final String ALIAS = "herald";

    /**
     * The certificate chain of {@code certFile} and the key of {@code keyFile} (PKCS#8, PKCS#1 RSA or SEC1 EC), or
     * null when both are unset; one without the other, an unreadable file, or a key that is not the certificate's
     * is a {@link ConfigException}.
     */
    public static TlsConfig load(String certFile, String keyFile) {
        boolean cert = certFile != null && !certFile.isBlank();
        boolean key = keyFile != null && !keyFile.isBlank();
        if (!cert && !key) {
            return null;
        }
        if (cert != key) {
            throw new ConfigException("--tls-cert (HERALD_TLS_CERT) and --tls-key (HERALD_TLS_KEY) must be set "
                    + "together, not " + (cert ? "--tls-cert" : "--tls-key") + " alone.");
        }
        Path certPath = Path.of(certFile.trim());
        Path keyPath = Path.of(keyFile.trim());
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(read("--tls-cert", certPath));
        } catch (GeneralSecurityException e) {
            throw new ConfigException("The --tls-cert file " + certPath + " holds no readable PEM certificate ("
                    + e.getMessage() + ").");
        }
        PrivateKey privateKey;
        try {
            privateKey = Pem.privateKey(read("--tls-key", keyPath));
        } catch (GeneralSecurityException e) {
            throw new ConfigException("The --tls-key file " + keyPath + " holds no readable PEM private key ("
                    + e.getMessage() + ").");
        }
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
            throw new ConfigException("The --tls-key file " + keyPath + " holds an " + privateKey.getAlgorithm()
                    + " key, but the certificate of " + certPath + " is for an " + chain.get(0).getPublicKey()
                    .getAlgorithm() + " key.");
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password.toCharArray(), chain.toArray(new X509Certificate[0]));
            return new TlsConfig(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("The --tls-cert and --tls-key files cannot be used together ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    private static String read(String flag, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("The " + flag + " file " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + ").");
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[on]";
    }
}
