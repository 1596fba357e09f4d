package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Herald as a separate JVM ({@code dev.herald.cli.Main} on the test classpath), for tests that stop the process the
 * way an operator or a crash would. Output goes to a log file in the data directory's parent, which must be a
 * directory of the test's own (deleted with it), not the shared temporary directory.
 */
public final class HeraldProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final Path libraryDir;

    private HeraldProcess(Process process, int port, Path log, Path libraryDir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.libraryDir = libraryDir;
    }

    /** Starts {@code herald serve} on a free loopback port and waits until /healthz answers. */
    public static HeraldProcess serve(Path dataDir, Map<String, String> env) {
        int port = freePort();
        HeraldProcess herald = run(dataDir, env, "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data", dataDir.toString());
        herald.awaitHealthy();
        return herald;
    }

    /** Runs any Herald command (e.g. {@code accounts create}) and returns the process. */
    public static HeraldProcess run(Path dataDir, Map<String, String> env, String... args) {
        return run(dataDir, env, null, null, args);
    }

    /**
     * Runs a Herald command with standard input read from {@code stdin} and standard output written to
     * {@code stdout} (when not null); {@link #output} then holds standard error alone.
     */
    public static HeraldProcess run(Path dataDir, Map<String, String> env, Path stdin, Path stdout, String... args) {
        return start(List.of(), dataDir, env, stdin, stdout, args);
    }

    /**
     * Runs a Herald command under {@code wrapper}, a command that runs the rest of the line, such as
     * {@code setpriv --reuid=nobody …} to run it as another user.
     */
    public static HeraldProcess runUnder(List<String> wrapper, Path dataDir, Map<String, String> env, String... args) {
        return start(wrapper, dataDir, env, null, null, args);
    }

    private static HeraldProcess start(List<String> wrapper, Path dataDir, Map<String, String> env, Path stdin,
                                       Path stdout, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED"); // what the jar's manifest grants SQLite
        }
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + System.nanoTime() + ".log");
        requireOwnParent(log);
        Path libraryDir = nativeLibraryDir(log);
        command.add("-Dorg.sqlite.tmpdir=" + libraryDir);
        // Short-lived JVMs: the C1 compiler only and one GC thread start Herald with half the CPU (the suite runs
        // a few hundred of them on two cores); what they test does not depend on the compiler or the collector.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.herald.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdout == null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            builder.redirectOutput(stdout.toFile()).redirectError(log.toFile());
        }
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        builder.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        builder.environment().putAll(env);
        try {
            int port = -1;
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--port") && args[i + 1].matches("[0-9]{1,5}")) { // tests give bad ones too
                    port = Integer.parseInt(args[i + 1]);
                }
            }
            return new HeraldProcess(builder.start(), port, log, libraryDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Refuses a data directory right in the shared temporary directory: its process's log and library, beside it,
     * would outlive the test that deletes it.
     */
    private static void requireOwnParent(Path log) {
        try {
            if (Files.isSameFile(log.toAbsolutePath().getParent(), Path.of(System.getProperty("java.io.tmpdir")))) {
                throw new IllegalArgumentException("a data directory in the shared temporary directory would leave"
                        + " its process's log and library there: give it a directory of the test's own");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory of the process's own, open to any user, for the SQLite driver's native library: in the shared
     * temporary directory, JVMs starting together delete each other's copies and log the failure.
     */
    private static Path nativeLibraryDir(Path log) {
        try {
            Path dir = Files.createDirectories(log.resolveSibling(log.getFileName() + ".native"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The directory, the process's own, where the SQLite driver puts the copy of its native library. */
    public Path libraryDir() {
        return libraryDir;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to exit (at most {@code seconds}) and returns its exit code. */
    public int waitFor(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Herald did not exit within " + seconds + " s:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM, as an operator or service manager stops it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the process dies at once, like a crash or power loss of the process. */
    public void kill() {
        process.destroyForcibly();
        waitFor(30);
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Herald exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("Herald did not become healthy within 60 s:\n" + output());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
