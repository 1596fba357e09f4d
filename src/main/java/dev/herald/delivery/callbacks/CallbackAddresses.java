package dev.herald.delivery.callbacks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a callback may go, against server-side request forgery: an http(s) URL whose host resolves only to public
 * addresses, not loopback, link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10),
 * unspecified or multicast ones, unless private addresses are allowed. The check is made on the addresses the
 * host resolves to just before the request (the JVM caches answers for 30 s), and the request goes to the first of
 * them, the address checked: a name whose answers change cannot redirect it.
 */
final class CallbackAddresses {
    /** Why a URL is refused for good, or that its host could not be resolved now (worth trying again). */
    sealed interface Verdict {
    }

    /** Allowed, to be sent to {@code address}. */
    record Allowed(InetAddress address) implements Verdict {
    }

    record Refused(String why) implements Verdict {
    }

    record Unresolved(String why) implements Verdict {
    }

    private CallbackAddresses() {
    }

    static Verdict check(URI url, boolean allowPrivate) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            return new Refused("the callback URL is not an http(s) URL with a host");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Unresolved("the callback host could not be resolved");
        }
        for (InetAddress a : addresses) {
            if (!allowPrivate && !isPublic(a)) {
                return new Refused("the callback host resolves to a private or local address (allow them with "
                        + "--allow-private-callbacks)");
            }
        }
        return new Allowed(addresses[0]);
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) && first < 240;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
