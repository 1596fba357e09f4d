package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp.Reply;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * CONNECT requests (Herald is no proxy) are answered with Twilio JSON, and do not write their targets to the log:
 * Jetty's {@code HostPort} logged a WARN with the whole target for each malformed one (700 KB from 100 requests).
 * The log is configured from the production {@code logback.xml} while these requests are sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectLogTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void logAsInProduction() throws Exception {
        configure(getClass().getResource("/logback.xml"));
        captured.setContext(logging);
        captured.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    }

    @AfterEach
    void logAsInTests() throws Exception {
        configure(getClass().getResource("/logback-test.xml"));
    }

    private void configure(URL file) throws Exception {
        assertThat(file).as("logback configuration on the class path").isNotNull();
        logging.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logging);
        configurator.doConfigure(file);
    }

    @Test
    void connectRequestsAreAnsweredWithTwilioJsonAndLeaveTheirTargetsOutOfTheLog() {
        String marker = "connect-target-" + "x".repeat(7000);
        List<String> targets = List.of("/" + marker, marker + ":443", "/v1/Services/" + marker,
                "[" + marker + "]:80", "example.com:443", "127.0.0.1:" + herald.port(), "*");
        for (int i = 0; i < 100; i++) {
            String target = targets.get(i % targets.size());
            String request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + (i % 2 == 0 ? "127.0.0.1" : target)
                    + "\r\nConnection: close\r\n\r\n";
            Reply reply = Wire.raw(herald.port(), request);
            assertThat(reply.status()).as("CONNECT %.40s", target).isBetween(400, 499);
            Api.assertJsonContentType(reply);
            JsonNode json = reply.json();
            assertThat(Api.fieldNames(json)).containsExactlyInAnyOrder("code", "message", "more_info", "status");
            assertThat(json.get("status").asInt()).isEqualTo(reply.status());
            assertThat(reply.body()).doesNotContain(marker);
        }
        // the access log's line per request is bounded by itself (its path keeps Notify's words and SIDs only)
        long logged = captured.list.stream().filter(e -> !e.getLoggerName().equals("herald.access"))
                .mapToLong(e -> e.getFormattedMessage().length()).sum();
        assertThat(captured.list).as("log lines").noneMatch(e -> e.getFormattedMessage().contains("connect-target"));
        assertThat(logged).as("characters logged for 100 CONNECT requests").isLessThan(2_000);
    }
}
