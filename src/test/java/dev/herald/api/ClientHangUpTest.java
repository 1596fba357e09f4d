package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up in the middle of its request body is no server error: it is answered 400 / 20001 when it
 * still reads, and Herald logs at most one DEBUG line for it, without a stack trace; nothing is logged at WARN or
 * above, by Herald, Javalin or Jetty.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientHangUpTest {
    private static final int CUT_OFF = 15;
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger heraldLogger = (Logger) LoggerFactory.getLogger("dev.herald");
    private Level heraldLevel;

    @BeforeEach
    void captureLog() {
        log.start();
        root.addAppender(log);
        heraldLevel = heraldLogger.getLevel();
        heraldLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void releaseLog() {
        heraldLogger.setLevel(heraldLevel);
        root.detachAppender(log);
        log.stop();
    }

    @Test
    void postsCutOffMidBodyLogAtMostOneDebugLineEachAndNoStackTrace() throws Exception {
        for (int i = 0; i < CUT_OFF; i++) {
            try (Socket socket = new Socket("127.0.0.1", herald.port())) {
                OutputStream out = socket.getOutputStream();
                String head = i % 2 == 0 ? head("Content-Length: 100") : head("Transfer-Encoding: chunked");
                String part = i % 2 == 0 ? "FriendlyName=cut" : "40\r\nFriendlyName=cut";
                out.write((head + part).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50); // the request is being read when the client goes
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heraldEvents().size() < CUT_OFF && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // anything logged late (on completion) shows up too

        List<ILoggingEvent> events = events();
        assertThat(events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .as("nothing at WARN or above").isEmpty();
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null).as("no stack trace").isEmpty();
        assertThat(heraldEvents()).as("Herald's lines").hasSizeBetween(1, CUT_OFF)
                .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        // the requests cut off count no more against the account
        assertThat(herald.http().get("/v1/Services").status()).isEqualTo(200);
    }

    @Test
    void aClientThatStopsSendingMidBodyButStillReadsGets400() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", herald.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head("Content-Length: 100") + "FriendlyName=cut")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(50);
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 ");
            JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("code").asInt()).isEqualTo(20001);
            assertThat(body.get("status").asInt()).isEqualTo(400);
            assertThat(body.get("message").asText()).startsWith("Bad request");
        }
        assertThat(events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }

    private static String head(String framing) {
        String auth = Base64.getEncoder().encodeToString((herald.accountSid() + ":" + herald.authToken())
                .getBytes(StandardCharsets.UTF_8));
        return "POST /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n" + framing + "\r\n\r\n";
    }

    private List<ILoggingEvent> events() {
        synchronized (log) {
            return new ArrayList<>(log.list);
        }
    }

    private List<ILoggingEvent> heraldEvents() {
        return events().stream().filter(e -> e.getLoggerName().startsWith("dev.herald")).toList();
    }
}
