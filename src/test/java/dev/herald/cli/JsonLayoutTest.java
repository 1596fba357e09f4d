package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** {@code --log-format json}: one object a line, with the event's key-value pairs and its exception as keys. */
class JsonLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void writesOneObjectALineWithTheKeyValuePairsAndTheException() throws Exception {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("herald.access"), Level.WARN,
                "a \"quoted\"\nmessage {}", new IllegalStateException("boom"), new Object[] {42});
        event.setKeyValuePairs(List.of(new KeyValuePair("status", 503), new KeyValuePair("path", "/v1/Services")));
        String line = new JsonLayout().doLayout(event);
        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("herald.access");
        assertThat(json.get("msg").asText()).isEqualTo("a \"quoted\"\nmessage 42");
        assertThat(json.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(json.get("status").asInt()).isEqualTo(503);
        assertThat(json.get("path").asText()).isEqualTo("/v1/Services");
        assertThat(json.get("exception").asText()).contains("IllegalStateException: boom");
    }
}
