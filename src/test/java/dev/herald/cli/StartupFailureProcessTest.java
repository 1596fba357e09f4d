package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.HeraldProcess;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every start-up failure is one sentence naming the flag or variable and its value, exit code 2, and nothing written:
 * no data directory, account or credentials.env before the configuration and the listening socket are good.
 */
@Timeout(120)
class StartupFailureProcessTest {
    private Path dir;
    private Path data;
    private final List<HeraldProcess> processes = new ArrayList<>();

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("herald-startup");
        data = dir.resolve("data");
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(HeraldProcess::close);
        TestHerald.deleteTree(dir);
    }

    private HeraldProcess run(Map<String, String> env, String... args) {
        HeraldProcess process = HeraldProcess.run(data, env, args);
        processes.add(process);
        return process;
    }

    /** Runs {@code serve} with {@code args}, expects exit code 2 with exactly {@code message}, and nothing written. */
    private void refused(Map<String, String> env, String message, String... args) {
        List<String> all = new ArrayList<>(List.of("serve", "--data", data.toString()));
        all.addAll(List.of(args));
        HeraldProcess herald = run(env, all.toArray(String[]::new));
        assertThat(herald.waitFor(60)).as(herald.output()).isEqualTo(2);
        assertThat(herald.output().strip()).isEqualTo(message);
        assertThat(data).as("nothing is written before start-up is known to succeed").doesNotExist();
    }

    @Test
    void aPortInUseIsNamedWithItsHost() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            refused(Map.of(), "herald: --port " + port + " is already in use on 127.0.0.1.",
                    "--host", "127.0.0.1", "--port", String.valueOf(port));
        }
    }

    @Test
    void anAdminPortInUseIsNamedAndNothingIsWritten() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            refused(Map.of(), "herald: --admin-port " + port + " is already in use on 127.0.0.1.",
                    "--host", "127.0.0.1", "--port", "0", "--admin-port", String.valueOf(port));
        }
    }

    @Test
    void aHostThatIsNotThisMachinesIsNamed() {
        refused(Map.of(), "herald: --host 192.0.2.1 is not an address of this machine.",
                "--host", "192.0.2.1", "--port", "0");
        refused(Map.of("HERALD_HOST", "999.1.1.1"), "herald: --host 999.1.1.1 is neither an IP address nor a host "
                + "name this machine can resolve.", "--port", "0");
    }

    @ParameterizedTest
    @CsvSource({
        "HERALD_PORT, --port, abc, is not a whole number",
        "HERALD_PORT, --port, 9999999999, is too large",
        "HERALD_HTTP_THREADS, --http-threads, 8x, is not a whole number",
        "HERALD_ACCOUNT_CONCURRENCY, --account-concurrency, half, is not a whole number",
        "HERALD_MAX_ATTEMPTS, --max-attempts, 1.5, is not a whole number",
        "HERALD_DB_POOL_SIZE, --db-pool-size, '', is not a whole number"})
    void aNumberThatIsNotOneNamesTheVariableOrTheFlag(String variable, String flag, String value, String reason) {
        refused(Map.of(variable, value), "herald: " + variable + " (or " + flag + ") '" + value + "' " + reason + ".");
        refused(Map.of(variable, "8"), "herald: " + flag + " '" + value + "' " + reason + ".", flag, value);
    }

    @Test
    void anUnknownOptionIsOneLineWithoutTheUsage() {
        refused(Map.of(), "herald: Unknown option: '--prot' (see `herald serve --help`).", "--prot");
    }

    @Test
    void sigtermIsASuccessfulStop() {
        HeraldProcess herald = HeraldProcess.serve(data, Map.of());
        processes.add(herald);
        herald.terminate();
        assertThat(herald.waitFor(30)).as(herald.output()).isZero();
    }

    @Test
    void theVersionIsThePoms() throws IOException {
        Matcher pom = Pattern.compile("<artifactId>herald</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).isTrue();
        HeraldProcess version = run(Map.of(), "--version");
        assertThat(version.waitFor(60)).isZero();
        assertThat(version.output().strip()).isEqualTo("Herald " + pom.group(1));
    }
}
