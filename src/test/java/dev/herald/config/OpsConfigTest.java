package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The admin listener's and the logs' settings, checked once with one-sentence errors that name the flag. */
class OpsConfigTest {
    @Test
    void defaultsAreNoAdminListenerTextLogsAtInfoWithTheAccessLog() {
        OpsConfig ops = OpsConfig.parse(null, null, LogConfig.parse(null, "", null), null);
        assertThat(ops.admin()).isFalse();
        assertThat(ops.adminHost()).isEqualTo("127.0.0.1");
        assertThat(ops.log()).isEqualTo(new LogConfig(LogConfig.Format.TEXT, null, true)); // logback.xml's: INFO
    }

    @Test
    void valuesAreTakenInAnyCase() {
        OpsConfig ops = OpsConfig.parse(" 0.0.0.0 ", 9090, LogConfig.parse("JSON", "Debug", "false"), null);
        assertThat(ops.admin()).isTrue();
        assertThat(ops.adminPort()).isEqualTo(9090);
        assertThat(ops.adminHost()).isEqualTo("0.0.0.0");
        assertThat(ops.log()).isEqualTo(new LogConfig(LogConfig.Format.JSON, LogConfig.Level.DEBUG, false));
    }

    @Test
    void badValuesNameTheirFlag() {
        assertThatThrownBy(() -> OpsConfig.parse(null, 70000, LogConfig.defaults(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--admin-port (HERALD_ADMIN_PORT) must be between 0 and 65535, not 70000.");
        assertThatThrownBy(() -> LogConfig.parse("xml", null, null)).isInstanceOf(ConfigException.class)
                .hasMessage("--log-format (HERALD_LOG_FORMAT) must be text or json, not xml.");
        assertThatThrownBy(() -> LogConfig.parse(null, "trace", null)).isInstanceOf(ConfigException.class)
                .hasMessage("--log-level (HERALD_LOG_LEVEL) must be error, warn, info or debug, not trace.");
        assertThatThrownBy(() -> LogConfig.parse(null, null, "maybe")).isInstanceOf(ConfigException.class)
                .hasMessage("--access-log (HERALD_ACCESS_LOG) must be true or false, not maybe.");
    }
}
