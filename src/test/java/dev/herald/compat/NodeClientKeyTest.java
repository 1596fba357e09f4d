package dev.herald.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Twilio Node.js library ({@code twilio} on npm, pinned in {@code src/test/node/package.json})
 * authenticated with an API key, {@code twilio(keySid, keySecret, {accountSid})}, runs {@code src/test/node/keys.js}
 * against Herald. Skipped when the library is not installed: {@code npm ci --prefix src/test/node --no-audit
 * --no-fund} installs it.
 */
@Timeout(120)
class NodeClientKeyTest {
    private static final Path NODE_DIR = Path.of("src", "test", "node");
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    @BeforeAll
    static void requireTheLibrary() {
        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("twilio")),
                "the twilio npm package is not installed: npm ci --prefix src/test/node --no-audit --no-fund");
    }

    /** What one run of keys.js printed and how it ended. */
    private record Run(int exit, String out, String err) {
    }

    private static Run keysJs(String keySid, String secret) throws IOException, InterruptedException {
        Path out = Files.createTempFile("herald-node", ".out");
        Path err = Files.createTempFile("herald-node", ".err");
        try {
            Process node = new ProcessBuilder(List.of("node", "keys.js", herald.baseUrl(), herald.accountSid(), keySid,
                    secret)).directory(NODE_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("node keys.js did not finish within 60 s: " + Files.readString(err));
            }
            return new Run(node.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip(),
                    Files.readString(err, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void theNodeLibraryWorksWithAKeyUntilItIsRevoked() throws Exception {
        RawHttp owner = herald.http();
        String keys = "/2010-04-01/Accounts/" + herald.accountSid() + "/Keys";
        JsonNode key = owner.post(keys + ".json", "FriendlyName=node").json();
        String keySid = key.get("sid").asText();
        String secret = key.get("secret").asText();

        Run run = keysJs(keySid, secret);
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
        assertThat(owner.get("/v1/Services/" + service).json().get("friendly_name").asText()).isEqualTo("node client");

        assertThat(owner.delete(keys + "/" + keySid + ".json").status()).isEqualTo(204);
        Run revoked = keysJs(keySid, secret);
        assertThat(revoked.exit()).as(revoked.out()).isEqualTo(1);
        JsonNode failure = JSON.readTree(revoked.err().lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(failure.get("status").asInt()).as(revoked.err()).isEqualTo(401);
        assertThat(failure.get("code").asInt()).isEqualTo(20003);
    }
}
