package dev.herald.cli;

import dev.herald.Herald;
import dev.herald.config.Config;
import picocli.CommandLine.Option;

/**
 * {@code --skip-integrity-check}, for the commands that check a SQLite file before they use it ({@code serve},
 * {@code migrate}): on a file too large to check at every start, the check costs up to its time bound.
 */
final class IntegrityOption {
    static final String NAME = "--skip-integrity-check (HERALD_SKIP_INTEGRITY_CHECK)";

    @Option(names = "--skip-integrity-check", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:HERALD_SKIP_INTEGRITY_CHECK:-false}",
            description = "Open the SQLite file without PRAGMA quick_check first (env HERALD_SKIP_INTEGRITY_CHECK, "
                    + "default false).")
    String skip;

    /** Whether to check the file; fails with a one-sentence message when the setting is neither true nor false. */
    boolean check() {
        return !Config.flag(NAME, skip);
    }

    /** The checks a command that may change the store makes before it opens it. */
    Herald.Checks checks() {
        return check() ? Herald.Checks.INTACT : Herald.Checks.EXISTING;
    }
}
