package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.config.ConfigException;
import dev.herald.config.OpsConfig;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.RawHttp.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --console off}: {@code /console} is an unknown path like any other; other values are refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleOffTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start().ops(OpsConfig.defaults().withConsole("OFF"));

    @Test
    void consoleIsAnUnknownPath() {
        RawHttp anonymous = herald.http(null, null);
        RawHttp http = herald.http();
        for (String path : new String[] {"/console", "/console/", "/console/js/app.js"}) {
            Reply unauthenticated = anonymous.get(path);
            assertThat(unauthenticated.status()).as(path).isEqualTo(401);
            assertThat(unauthenticated.json().get("code").asInt()).isEqualTo(20003);
            Reply missing = http.get(path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.json().get("code").asInt()).isEqualTo(20404);
            assertThat(missing.header("Content-Security-Policy")).isNull();
        }
    }

    @Test
    void theOptionIsOnOrOff() {
        assertThat(OpsConfig.defaults().console()).isTrue();
        assertThat(OpsConfig.defaults().withConsole(null).console()).isTrue();
        assertThat(OpsConfig.defaults().withConsole(" on ").console()).isTrue();
        assertThat(OpsConfig.defaults().withConsole("off").console()).isFalse();
        assertThatThrownBy(() -> OpsConfig.defaults().withConsole("maybe")).isInstanceOf(ConfigException.class)
                .hasMessage("--console (HERALD_CONSOLE) must be on or off, not maybe.");
    }
}
