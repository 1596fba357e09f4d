package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Too few HTTP threads for Jetty's own acceptor and selector threads: a clear start-up error, not a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiServerThreadsTest {
    @Test
    void tooFewThreadsForJettyIsRefusedAtStartWithAMessage() {
        ApiServer server = new ApiServer(null, null, null, null, null, null, 2, 1);
        try {
            assertThatThrownBy(() -> server.start("127.0.0.1", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("The HTTP threads are too few for this machine's acceptors and selectors")
                    .hasMessageEndingWith("raise --http-threads.");
        } finally {
            server.close();
        }
    }
}
