package dev.herald.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where live delivery reaches the providers: {@code apnsHost}:{@code apnsPort} instead of Apple's hosts (null:
 * Apple's production or development host by each Credential's {@code Sandbox}), and {@code apnsTrust}, the
 * certificates trusted for the APNs endpoint instead of the JDK's (empty: the JDK's).
 */
public record ProviderConfig(String apnsHost, int apnsPort, List<X509Certificate> apnsTrust) {
    private static final Pattern ENDPOINT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");

    public ProviderConfig {
        apnsTrust = List.copyOf(apnsTrust);
    }

    public static ProviderConfig defaults() {
        return new ProviderConfig(null, 0, List.of());
    }

    /** Checks the settings as given (null or blank: the default); fails with a one-sentence {@link ConfigException}. */
    public static ProviderConfig parse(String apnsEndpoint, String apnsTrust) {
        String host = null;
        int port = 0;
        if (apnsEndpoint != null && !apnsEndpoint.isBlank()) {
            Matcher m = ENDPOINT.matcher(apnsEndpoint.trim());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw new ConfigException("The APNs endpoint must be HOST:PORT with a port from 1 to 65535, not "
                        + apnsEndpoint + ".");
            }
            host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
            port = Integer.parseInt(m.group(2));
        }
        List<X509Certificate> trust = apnsTrust == null || apnsTrust.isBlank() ? List.of()
                : certificates(Path.of(apnsTrust.trim()));
        return new ProviderConfig(host, port, trust);
    }

    private static List<X509Certificate> certificates(Path file) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("The APNs trust file " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ").");
        }
        List<X509Certificate> found = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                found.add((X509Certificate) c);
            }
        } catch (CertificateException | ClassCastException e) {
            found.clear();
        }
        if (found.isEmpty()) {
            throw new ConfigException("The APNs trust file " + file + " holds no readable PEM certificate.");
        }
        return found;
    }
}
