package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProgressBarTest {
    @Test
    void rendersABarWithExactCounts() {
        assertThat(ProgressBar.render("Exporting", 0, 10_000))
                .isEqualTo("Exporting [------------------------------]   0%  0 of 10,000 rows");
        assertThat(ProgressBar.render("Exporting", 2_500, 10_000))
                .isEqualTo("Exporting [#######-----------------------]  25%  2,500 of 10,000 rows");
        assertThat(ProgressBar.render("Importing", 10_000_000, 10_000_000))
                .isEqualTo("Importing [##############################] 100%  10,000,000 of 10,000,000 rows");
        assertThat(ProgressBar.render("Importing", 12, 0)).isEqualTo("Importing 12 rows");
    }

    @Test
    void drawsOnOneLineAtMostFiveTimesASecondAndClearsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Exporting", true)) {
            bar.update(1, 100);
            bar.update(2, 100); // too soon to redraw
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        String line = ProgressBar.render("Exporting", 1, 100);
        assertThat(drawn).isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r");
    }

    @Test
    void printsNothingWhenNotOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "Exporting", false)) {
            bar.update(1, 100);
        }
        assertThat(bytes.size()).isZero();
        assertThat(ProgressBar.stderrIsTerminal()).as("Surefire redirects standard error").isFalse();
    }
}
