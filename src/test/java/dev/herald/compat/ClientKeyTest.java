package dev.herald.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.PythonTwilio;
import dev.herald.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Twilio libraries for Node.js and Python, authenticated with an API key as apps do
 * ({@code twilio(keySid, keySecret, {accountSid})}, {@code Client(key_sid, key_secret, account_sid)}), run the same
 * script against Herald ({@code src/test/node/keys.js}, {@code src/test/python/keys.py}): create a Service and a
 * Binding, list Bindings by tag, send a Notification, and find that a key may not list keys; once the key is
 * revoked, the next call is a 401. The Java library's run is {@code KeyContractTest}.
 *
 * <p>Each is skipped when its library is missing: {@code npm ci --prefix src/test/node --no-audit --no-fund}
 * installs the Node one (pinned in {@code src/test/node/package.json}), {@code apt-get install python3-twilio}
 * Debian's Python one (7.7.1); {@code .ci/run} installs both.
 */
@Timeout(120)
class ClientKeyTest {
    private static final Path NODE_DIR = Path.of("src", "test", "node");
    private static final Path PYTHON_SCRIPT = Path.of("src", "test", "python", "keys.py");
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    /** What one run of a script printed and how it ended. */
    private record Run(int exit, String out, String err) {
    }

    @Test
    void theNodeLibraryWorksWithAKeyUntilItIsRevoked() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("twilio")),
                "the twilio npm package is not installed: npm ci --prefix src/test/node --no-audit --no-fund");
        worksUntilRevoked("node client", (key, secret) -> run(NODE_DIR, "node", "keys.js", herald.baseUrl(),
                herald.accountSid(), key, secret));
    }

    @Test
    void thePythonLibraryWorksWithAKeyUntilItIsRevoked() throws Exception {
        Optional<String> python = PythonTwilio.interpreter();
        Assumptions.assumeTrue(python.isPresent(), PythonTwilio.MISSING);
        worksUntilRevoked("python client", (key, secret) -> run(Path.of("."), python.get(), PYTHON_SCRIPT.toString(),
                herald.baseUrl(), herald.accountSid(), key, secret));
    }

    /** A script run with a key's SID and secret. */
    private interface Script {
        Run run(String keySid, String secret) throws IOException, InterruptedException;
    }

    private static void worksUntilRevoked(String friendlyName, Script script) throws Exception {
        RawHttp owner = herald.http();
        String keys = "/2010-04-01/Accounts/" + herald.accountSid() + "/Keys";
        JsonNode key = owner.post(keys + ".json", "FriendlyName=" + friendlyName.replace(' ', '+')).json();
        String keySid = key.get("sid").asText();
        String secret = key.get("secret").asText();

        Run run = script.run(keySid, secret);
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = JSON.readTree(run.out());
        assertThat(summary.get("serviceSid").asText()).matches("IS[0-9a-f]{32}");
        assertThat(summary.get("serviceAccountSid").asText()).isEqualTo(herald.accountSid());
        assertThat(summary.get("bindingAccountSid").asText()).isEqualTo(herald.accountSid());
        assertThat(summary.get("bindings")).hasSize(1);
        assertThat(summary.get("bindings").get(0).asText()).isEqualTo(summary.get("bindingSid").asText());
        assertThat(summary.get("notificationSid").asText()).matches("NT[0-9a-f]{32}");
        assertThat(summary.get("keys").get("status").asInt()).as("a key may not list keys").isEqualTo(403);
        assertThat(summary.get("keys").get("code").asInt()).isEqualTo(20403);
        String service = summary.get("serviceSid").asText();
        assertThat(owner.get("/v1/Services/" + service).json().get("friendly_name").asText()).isEqualTo(friendlyName);

        assertThat(owner.delete(keys + "/" + keySid + ".json").status()).isEqualTo(204);
        Run revoked = script.run(keySid, secret);
        assertThat(revoked.exit()).as(revoked.out()).isEqualTo(1);
        JsonNode failure = JSON.readTree(revoked.err().lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(failure.get("status").asInt()).as(revoked.err()).isEqualTo(401);
        assertThat(failure.get("code").asInt()).isEqualTo(20003);
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("herald-client", ".out");
        Path err = Files.createTempFile("herald-client", ".err");
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command[1] + " did not finish within 60 s: " + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                    Files.readString(err, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
