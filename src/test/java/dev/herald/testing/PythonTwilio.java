package dev.herald.testing;

import java.util.List;
import java.util.Optional;

/**
 * A Python interpreter that can import the official {@code twilio} library: {@code python3} on the PATH, else
 * Debian's {@code /usr/bin/python3} with the {@code python3-twilio} package ({@code apt-get install python3-twilio},
 * which {@code .ci/run} does when it is missing: PyPI is out of reach here, Debian's registry is not).
 */
public final class PythonTwilio {
    /** Why a test that needs it is skipped. */
    public static final String MISSING = "the twilio package for Python is not installed (apt-get install python3-twilio)";
    private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

    private PythonTwilio() {
    }

    /** The first interpreter that imports {@code twilio}, or empty when none does. */
    public static Optional<String> interpreter() {
        return CANDIDATES.stream().filter(python -> Programs.succeeds(python, "-c", "import twilio")).findFirst();
    }
}
