package dev.herald.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Programs of this machine that tests use when they are there (node, python3, …). */
public final class Programs {
    private Programs() {
    }

    /** Whether {@code command} runs and exits 0 within 30 s (false when it is not installed). */
    public static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
