package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DbConfigTest {
    @Test
    void aPlusInTheUserOrPasswordIsKeptAsLibpqKeepsIt() {
        DbConfig db = DbConfig.parse("postgresql://app+ro:pa+ss%2Fw%40rd@db.internal:5433/herald?sslmode=require",
                Path.of("data"), 4);
        assertThat(db.user()).isEqualTo("app+ro");
        assertThat(db.password()).isEqualTo("pa+ss/w@rd");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/herald?sslmode=require");
        assertThat(db.toString()).doesNotContain("pa+ss");
    }

    @Test
    void aSpaceIsPercentTwentyOnly() {
        assertThat(DbConfig.parse("postgres://u:a%20b@h/db", Path.of("data"), 1).password()).isEqualTo("a b");
    }

    @Test
    void aMalformedEscapeIsOneSentence() {
        assertThatThrownBy(() -> DbConfig.parse("postgresql://u:100%@h/db", Path.of("data"), 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The database URL is not a valid URL: ");
    }
}
