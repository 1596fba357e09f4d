package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldProcess;
import dev.herald.testing.ProcessWorkspace;
import dev.herald.testing.RawHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code herald serve} with the operations settings from the environment: JSON log lines (the access log's fields
 * as keys), the admin listener's {@code /metrics}, and bad values stopping the start with one line and exit code 2.
 */
@Timeout(180)
class OperationsProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ProcessWorkspace work;
    private Path data;
    private String dbUrl;

    @BeforeEach
    void createDir() throws IOException {
        work = ProcessWorkspace.create("herald-ops-process");
        data = work.data();
        dbUrl = work.dbUrl();
    }

    @AfterEach
    void cleanUp() {
        work.close();
    }

    private Map<String, String> withDb(Map<String, String> extra) {
        return work.env(extra);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void jsonLogsAndMetricsOnTheAdminPort() throws Exception {
        int adminPort = freePort();
        HeraldProcess herald = HeraldProcess.serve(data, withDb(Map.of("HERALD_LOG_FORMAT", "json",
                "HERALD_ADMIN_PORT", String.valueOf(adminPort))));
        work.track(herald);
        assertThat(new RawHttp(herald.baseUrl(), null, null).get("/v1/Services").status()).isEqualTo(401);
        assertThat(new RawHttp(herald.baseUrl(), null, null).get("/readyz").status()).isEqualTo(200);
        RawHttp admin = new RawHttp("http://127.0.0.1:" + adminPort, null, null);
        assertThat(admin.get("/metrics").body()).contains("herald_http_requests_seconds_count{method=\"GET\","
                + "route=\"unmatched\",status=\"401\"}");
        JsonNode access = null;
        for (int i = 0; i < 100 && access == null; i++) {
            for (String line : herald.output().lines().toList()) {
                if (line.startsWith("Created account ") || line.startsWith("WARNING: ")) {
                    continue; // standard output, or the JVM's own warnings (JDK 24+: Netty's use of sun.misc.Unsafe)
                }
                JsonNode json = JSON.readTree(line);
                assertThat(json.has("ts") && json.has("level") && json.has("logger") && json.has("msg"))
                        .as(line).isTrue();
                if (json.get("logger").asText().equals("herald.access") && json.get("path").asText()
                        .equals("/v1/Services")) {
                    access = json;
                }
            }
            Thread.sleep(50);
        }
        assertThat(access).as(herald.output()).isNotNull();
        assertThat(access.get("method").asText()).isEqualTo("GET");
        assertThat(access.get("status").asInt()).isEqualTo(401);
        assertThat(access.get("account_sid").asText()).isEqualTo("-");
        assertThat(access.get("request_id").asText()).matches("RQ[0-9a-f]{32}");
    }

    @Test
    void badOperationsSettingsFailWithOneLine() {
        HeraldProcess format = HeraldProcess.run(data, withDb(Map.of()), "serve", "--port", "0", "--data",
                data.toString(), "--log-format", "xml");
        work.track(format);
        assertThat(format.waitFor(60)).isEqualTo(2);
        assertThat(format.output().strip()).isEqualTo("herald: --log-format (HERALD_LOG_FORMAT) must be text or json, "
                + "not xml.");

        HeraldProcess tls = HeraldProcess.run(data, withDb(Map.of("HERALD_TLS_KEY", data.resolve("key.pem").toString())),
                "serve", "--port", "0", "--data", data.toString());
        work.track(tls);
        assertThat(tls.waitFor(60)).isEqualTo(2);
        assertThat(tls.output().strip()).isEqualTo("herald: --tls-cert (HERALD_TLS_CERT) and --tls-key "
                + "(HERALD_TLS_KEY) must be set together, not --tls-key alone.");

        HeraldProcess console = HeraldProcess.run(data, withDb(Map.of("HERALD_CONSOLE", "maybe")), "serve", "--port",
                "0", "--data", data.toString());
        work.track(console);
        assertThat(console.waitFor(60)).isEqualTo(2);
        assertThat(console.output().strip())
                .isEqualTo("herald: --console (HERALD_CONSOLE) must be on or off, not maybe.");
    }
}
