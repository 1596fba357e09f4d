package dev.herald.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where live delivery reaches the providers: {@code apnsHost}:{@code apnsPort} instead of Apple's hosts (null:
 * Apple's production or development host by each Credential's {@code Sandbox}), and {@code apnsTrust}, the
 * certificates trusted for the APNs endpoint instead of the JDK's (empty: the JDK's); {@code fcmUrl}, the FCM HTTP v1
 * endpoint ({@link #GOOGLE_FCM} by default), and {@code fcmTrust}, the certificates trusted for it instead of the
 * JDK's (empty: the JDK's); {@code sms}, the Messages API that SMS go through and the account they are sent as;
 * {@code messengerUrl}, the Graph API that Messenger's Send API is part of ({@link #FACEBOOK_GRAPH} by default).
 */
public record ProviderConfig(String apnsHost, int apnsPort, List<X509Certificate> apnsTrust, URI fcmUrl,
                             List<X509Certificate> fcmTrust, SmsConfig sms, URI messengerUrl) {
    public static final URI GOOGLE_FCM = URI.create("https://fcm.googleapis.com");
    public static final URI FACEBOOK_GRAPH = URI.create("https://graph.facebook.com");
    private static final Pattern ENDPOINT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):([0-9]{1,5})");

    public ProviderConfig {
        apnsTrust = List.copyOf(apnsTrust);
        Objects.requireNonNull(fcmUrl, "fcmUrl must not be null.");
        fcmTrust = List.copyOf(fcmTrust);
        Objects.requireNonNull(sms, "sms must not be null.");
        Objects.requireNonNull(messengerUrl, "messengerUrl must not be null.");
    }

    public static ProviderConfig defaults() {
        return new ProviderConfig(null, 0, List.of(), GOOGLE_FCM, List.of(), SmsConfig.defaults(), FACEBOOK_GRAPH);
    }

    /** These settings with APNs at {@code host}:{@code port}, trusting {@code trust}. */
    public ProviderConfig withApns(String host, int port, List<X509Certificate> trust) {
        return new ProviderConfig(host, port, trust, fcmUrl, fcmTrust, sms, messengerUrl);
    }

    /** These settings with FCM at {@code url}, trusting {@code trust}. */
    public ProviderConfig withFcm(URI url, List<X509Certificate> trust) {
        return new ProviderConfig(apnsHost, apnsPort, apnsTrust, url, trust, sms, messengerUrl);
    }

    /** These settings with SMS sent as {@code s} says. */
    public ProviderConfig withSms(SmsConfig s) {
        return new ProviderConfig(apnsHost, apnsPort, apnsTrust, fcmUrl, fcmTrust, s, messengerUrl);
    }

    /** These settings with Messenger's Send API at {@code url} (null or blank text: Facebook's), checked. */
    public ProviderConfig withMessenger(String url) {
        return new ProviderConfig(apnsHost, apnsPort, apnsTrust, fcmUrl, fcmTrust, sms, url == null || url.isBlank()
                ? FACEBOOK_GRAPH : endpoint("Messenger URL", url.trim(), FACEBOOK_GRAPH));
    }

    /** Checks the settings as given (null or blank: the default); fails with a one-sentence {@link ConfigException}. */
    public static ProviderConfig parse(String apnsEndpoint, String apnsTrust, String fcmUrl, String fcmTrust) {
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
        return new ProviderConfig(host, port, trust("APNs", apnsTrust), fcmUrl == null || fcmUrl.isBlank()
                ? GOOGLE_FCM : endpoint("FCM URL", fcmUrl.trim(), GOOGLE_FCM), trust("FCM", fcmTrust),
                SmsConfig.defaults(), FACEBOOK_GRAPH);
    }

    /** {@code text} as an http(s) URL with a host, and no user, query or fragment; else the {@code what} error. */
    static URI endpoint(String what, String text, URI example) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                || url.getHost() == null || url.getRawUserInfo() != null || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new ConfigException("The " + what + " must be an http or https URL with a host and no query, such as "
                    + example + ", not " + text + ".");
        }
        return url;
    }

    private static List<X509Certificate> trust(String provider, String file) {
        return file == null || file.isBlank() ? List.of() : certificates(provider, Path.of(file.trim()));
    }

    private static List<X509Certificate> certificates(String provider, Path file) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("The " + provider + " trust file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ").");
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
            throw new ConfigException("The " + provider + " trust file " + file + " holds no readable PEM certificate.");
        }
        return found;
    }
}
