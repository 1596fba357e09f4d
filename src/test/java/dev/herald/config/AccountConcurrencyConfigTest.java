package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --account-concurrency}: half the HTTP threads by default, else 1 to the HTTP threads, checked at start. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AccountConcurrencyConfigTest {
    private static Config config(int httpThreads, Integer accountConcurrency) {
        return Config.of(null, 0, Path.of("herald-data"), null, null, null, null, null, httpThreads, false,
                accountConcurrency);
    }

    @Test
    void defaultsToHalfTheHttpThreads() {
        assertThat(config(250, null).accountConcurrency()).isEqualTo(125);
        assertThat(config(8, null).accountConcurrency()).isEqualTo(4);
        assertThat(config(9, null).accountConcurrency()).isEqualTo(4);
        assertThat(Config.of(null, 0, Path.of("herald-data"), null, null, null, null, null, 100, false)
                .accountConcurrency())
                .isEqualTo(50);
    }

    @Test
    void anyValueFromOneToTheHttpThreadsIsKept() {
        assertThat(config(250, 1).accountConcurrency()).isEqualTo(1);
        assertThat(config(250, 250).accountConcurrency()).isEqualTo(250);
    }

    @Test
    void outsideOneToTheHttpThreadsIsRefusedInOneSentence() {
        assertThatThrownBy(() -> config(250, 0)).isInstanceOf(ConfigException.class)
                .hasMessage("The account concurrency must be between 1 and the HTTP threads (250), not 0.");
        assertThatThrownBy(() -> config(8, 9)).isInstanceOf(ConfigException.class)
                .hasMessage("The account concurrency must be between 1 and the HTTP threads (8), not 9.");
    }
}
