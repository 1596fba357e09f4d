package dev.herald.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.config.LogConfig;
import dev.herald.config.OpsConfig;
import dev.herald.config.TlsConfig;
import dev.herald.testing.TestHerald;
import dev.herald.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's recipe for the Twilio CLI ({@code twilio-cli} on npm, pinned in {@code src/test/node/package.json}):
 * Herald serves HTTPS with {@code --tls-cert}/{@code --tls-key} for {@code notify.twilio.com}, the CLI trusts the
 * issuer through {@code NODE_EXTRA_CA_CERTS}, and {@code notify-to-herald.js} sends its connections for that name to
 * Herald (the hosts entry of the recipe), and {@code api.twilio.com} too, for the key resource. Skipped when the CLI is not installed ({@code npm ci --prefix
 * src/test/node}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwilioCliTest {
    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final Path CLI = NODE_DIR.resolve("node_modules").resolve(".bin").resolve("twilio");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Path caPem;
    private static TestHerald herald;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CLI),
                "the Twilio CLI is not installed: npm ci --prefix src/test/node --no-audit --no-fund");
        dir = Files.createTempDirectory("herald-twilio-cli");
        TestPki.Issued ca = TestPki.authority("CN=Herald CLI Test CA");
        TestPki.Issued server = TestPki.server(ca, "notify.twilio.com", "api.twilio.com");
        Path cert = Files.writeString(dir.resolve("cert.pem"), server.certificatePem() + ca.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), server.rsaKeyPem());
        caPem = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        herald = TestHerald.startWith(OpsConfig.parse(null, null, LogConfig.defaults(),
                TlsConfig.load(cert.toString(), key.toString())));
    }

    @AfterAll
    static void stop() {
        if (herald != null) {
            herald.close();
        }
        if (dir != null) {
            TestHerald.deleteTree(dir);
        }
    }

    /** Runs {@code twilio <args> -o json} as the README says, with {@code credentials}, and returns its JSON output. */
    private static JsonNode twilio(Map<String, String> credentials, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-o", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.resolve("home").toString()); // the CLI's own settings, not the user's
        env.put("NODE_EXTRA_CA_CERTS", caPem.toString());
        env.put("NODE_OPTIONS", "--require " + NODE_DIR.resolve("notify-to-herald.js"));
        env.put("HERALD_TEST_PORT", String.valueOf(herald.port()));
        env.put("TWILIO_ACCOUNT_SID", herald.accountSid());
        env.remove("TWILIO_AUTH_TOKEN");
        env.putAll(credentials);
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.txt");
        Process cli = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
            cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("twilio " + String.join(" ", args) + " did not finish within 60 s: "
                    + Files.readString(err));
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(cli.exitValue()).as("twilio %s: %s %s", String.join(" ", args), printed, Files.readString(err))
                .isZero();
        return JSON.readTree(printed);
    }

    @Test
    void theCliCreatesAndListsThroughHerald() throws Exception {
        Map<String, String> token = Map.of("TWILIO_AUTH_TOKEN", herald.authToken());
        JsonNode service = twilio(token, "api:notify:v1:services:create", "--friendly-name", "from the cli").get(0);
        String serviceSid = service.get("sid").asText();
        assertThat(serviceSid).matches("IS[0-9a-f]{32}");
        assertThat(service.get("friendlyName").asText()).isEqualTo("from the cli");
        assertThat(service.get("accountSid").asText()).isEqualTo(herald.accountSid());

        JsonNode binding = twilio(token, "api:notify:v1:services:bindings:create", "--service-sid", serviceSid,
                "--identity", "alice", "--binding-type", "sms", "--address", "+15555550100", "--tag", "vip").get(0);
        assertThat(binding.get("address").asText()).isEqualTo("+15555550100");
        assertThat(binding.get("tags")).extracting(JsonNode::asText).contains("vip");

        JsonNode listed = twilio(token, "api:notify:v1:services:bindings:list", "--service-sid", serviceSid,
                "--tag", "vip");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("sid").asText()).isEqualTo(binding.get("sid").asText());

        JsonNode sent = twilio(token, "api:notify:v1:services:notifications:create", "--service-sid", serviceSid,
                "--identity", "alice", "--body", "hello from the cli").get(0);
        assertThat(sent.get("sid").asText()).matches("NT[0-9a-f]{32}");
        assertThat(sent.get("body").asText()).isEqualTo("hello from the cli");
        assertThat(sent.get("identities")).extracting(JsonNode::asText).containsExactly("alice");
    }

    @Test
    void theCliWorksWithAnApiKey() throws Exception {
        JsonNode key = twilio(Map.of("TWILIO_AUTH_TOKEN", herald.authToken()), "api:core:keys:create",
                "--friendly-name", "cli").get(0);
        assertThat(key.get("sid").asText()).matches("SK[0-9a-f]{32}");
        Map<String, String> apiKey = Map.of("TWILIO_API_KEY", key.get("sid").asText(),
                "TWILIO_API_SECRET", key.get("secret").asText());
        JsonNode service = twilio(apiKey, "api:notify:v1:services:create", "--friendly-name", "by key").get(0);
        assertThat(service.get("accountSid").asText()).isEqualTo(herald.accountSid());
        JsonNode services = twilio(apiKey, "api:notify:v1:services:list");
        assertThat(services).extracting(s -> s.get("sid").asText()).contains(service.get("sid").asText());
    }
}
