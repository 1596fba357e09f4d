package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.TestHerald;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./herald} says what it needs (Java 17+, Maven only to build) and runs from any directory. It runs here as a
 * copy in a directory of its own, with a PATH of the shell tools it uses plus, where a test wants one, a fake
 * {@code java}: the real jar is neither built nor run.
 */
@Timeout(60)
class HeraldScriptTest {
    private Path dir;
    private Path repo;
    private Path bin;

    @BeforeEach
    void copyTheScript() throws IOException {
        dir = Files.createTempDirectory("herald-script");
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("herald"), repo.resolve("herald"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("src/main"));
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "dirname", "sed", "head", "cut", "find")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
    }

    @AfterEach
    void cleanUp() {
        TestHerald.deleteTree(dir);
    }

    private static Path which(String tool) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(tool + " not on PATH"));
    }

    /** A {@code java} that claims {@code version} and prints the arguments it is run with. */
    private void fakeJava(String version) throws IOException {
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nif [ \"$1\" = -version ]; then echo 'openjdk version \"" + version
                + "\" 2025-04-15' >&2; else echo \"java $*\"; fi\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs the copied {@code herald} from {@code cwd} with the test's PATH and no JAVA_HOME. */
    private Result herald(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(repo.resolve("herald").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", bin.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes()).strip());
    }

    @Test
    void withoutJavaItSaysJava17IsNeeded() throws Exception {
        assertThat(herald(dir, "serve")).isEqualTo(new Result(2, "herald: Herald needs Java 17 or newer (java not "
                + "found on PATH; install a JDK 17+ or set JAVA_HOME)."));
    }

    @Test
    void anOlderJavaIsNamedWithItsVersion() throws Exception {
        fakeJava("11.0.22");
        assertThat(herald(dir, "serve")).isEqualTo(new Result(2, "herald: Herald needs Java 17 or newer ("
                + bin.resolve("java") + " is version 11.0.22)."));
    }

    @Test
    void mavenIsNeededOnlyToBuildTheJar() throws Exception {
        fakeJava("17.0.15");
        assertThat(herald(dir, "serve")).isEqualTo(new Result(2, "herald: building " + repo.resolve("target/herald.jar")
                + " needs Maven 3.8 or newer (mvn not found on PATH)."));

        Path jar = Files.createDirectories(repo.resolve("target")).resolve("herald.jar");
        Files.writeString(jar, "a jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertThat(herald(elsewhere, "serve", "--port", "8080"))
                .isEqualTo(new Result(0, "java -jar " + jar + " serve --port 8080"));
    }
}
