package dev.herald.delivery.apns;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where and how the APNs channel connects: {@code host} and {@code port} replace Apple's hosts when {@code host} is
 * not null (tests, staging); {@code trusted} replaces the JDK's trusted certificates when not empty; {@code
 * connections} per Credential; {@code maxInFlight} attempts outstanding in the whole channel.
 */
public record ApnsSettings(String host, int port, List<X509Certificate> trusted, int connections, int maxInFlight) {
    public ApnsSettings {
        trusted = List.copyOf(trusted);
        if (connections < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("connections and maxInFlight must be at least 1.");
        }
    }

    /** Apple's hosts (production, or development for a Sandbox Credential), the JDK's trust, 1 connection, 2,000. */
    public static ApnsSettings apple() {
        return new ApnsSettings(null, 0, List.of(), 1, 2000);
    }

    public ApnsSettings withEndpoint(String endpointHost, int endpointPort, List<X509Certificate> trust) {
        return new ApnsSettings(endpointHost, endpointPort, trust, connections, maxInFlight);
    }
}
