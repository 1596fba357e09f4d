package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Whole-number options take ASCII digits only, as every number Herald reads from its users. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NumberOptionsTest {
    private static ServeCommand serve(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void asciiDigitsAreNumbers() {
        ServeCommand serve = serve("serve", "--port", "8081", "--http-threads", "64", "--db-pool-size", "4");
        assertThat(serve.port).isEqualTo(8081);
        assertThat(serve.httpThreads).isEqualTo(64);
        assertThat(serve.store.poolSize).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0668\u0660\u0668\u0660", "\uff18\uff10\uff18\uff10", "\u096e\u0966", "+8080", "8080 ",
            "0x50", "99999999999"})
    void otherDigitsAreRefused(String value) {
        for (String option : new String[] {"--port", "--http-threads", "--db-pool-size"}) {
            assertThatThrownBy(() -> serve("serve", option, value)).as("%s %s", option, value)
                    .isInstanceOf(CommandLine.ParameterException.class);
        }
    }
}
