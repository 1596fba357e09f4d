package dev.herald.api;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * The socket Herald listens on, bound before anything is written, so that a wrong {@code --host} or a port in use
 * stops start-up with one sentence naming the flag and its value ({@link IllegalArgumentException}) instead of a
 * stack trace after an account was created.
 */
public final class ListeningSocket {
    private ListeningSocket() {
    }

    /** Binds {@code host:port} (port 0 picks a free one) with Herald's backlog, for {@link ApiServer#start}. */
    public static ServerSocketChannel bind(String host, int port) {
        return bind(host, port, "--host", "--port");
    }

    /** {@link #bind(String, int)}, with failures naming {@code hostFlag} and {@code portFlag} (the admin listener's). */
    public static ServerSocketChannel bind(String host, int port, String hostFlag, String portFlag) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hostFlag + " " + host + " is neither an IP address nor a host name this "
                    + "machine can resolve.", e);
        }
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(address, port), ApiServer.ACCEPT_QUEUE);
            return channel;
        } catch (IOException e) {
            close(channel);
            throw new IllegalArgumentException(reason(host, port, e, hostFlag, portFlag), e);
        }
    }

    private static String reason(String host, int port, IOException e, String hostFlag, String portFlag) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof BindException && message.contains("already in use")) {
            return portFlag + " " + port + " is already in use on " + host + ".";
        }
        if (e instanceof BindException && message.contains("assign requested address")) {
            return hostFlag + " " + host + " is not an address of this machine.";
        }
        if (e instanceof BindException && message.contains("Permission denied")) {
            return portFlag + " " + port + " on " + host + " needs privileges this user lacks (use a port above 1023).";
        }
        return "Herald cannot listen on " + hostFlag + " " + host + " " + portFlag + " " + port + ": " + message + ".";
    }

    static void close(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was listening yet
            }
        }
    }
}
