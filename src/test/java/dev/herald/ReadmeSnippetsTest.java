package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.testing.HeraldProcess;
import dev.herald.testing.Programs;
import dev.herald.testing.PythonTwilio;
import dev.herald.testing.TestHerald;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's snippets run as written: every code block after an HTML comment {@code <!-- runs: KIND, prints: TEXT
 * -->} runs in the directory of a Herald started here (its {@code herald-data} there, port 8080 replaced by its own)
 * and must exit with 0 and print TEXT. The Java snippet is compiled against the Twilio library.
 */
@Timeout(300)
class ReadmeSnippetsTest {
    private static final Pattern MARKED = Pattern.compile(
            "<!-- runs: (\\w+), prints: (.*?) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Path NODE_MODULES = Path.of("src/test/node/node_modules");

    record Snippet(String kind, String prints, String code) {
    }

    private static Path dir;
    private static HeraldProcess herald;

    @BeforeAll
    static void startHerald() throws IOException {
        dir = Files.createTempDirectory("herald-readme");
        herald = HeraldProcess.serve(dir.resolve("herald-data"), Map.of());
    }

    @AfterAll
    static void stopHerald() {
        herald.close();
        TestHerald.deleteTree(dir);
    }

    static List<Snippet> snippets(String kind) throws IOException {
        Matcher m = MARKED.matcher(Files.readString(Path.of("README.md")));
        List<Snippet> found = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                found.add(new Snippet(m.group(1), m.group(2), m.group(3)));
            }
        }
        return found;
    }

    @Test
    void theShellSnippetsRun() throws Exception {
        List<Snippet> shell = snippets("shell");
        assertThat(shell).hasSizeGreaterThanOrEqualTo(2);
        for (Snippet snippet : shell) {
            run(snippet, "sh", Map.of(), "bash", "-euo", "pipefail");
        }
    }

    @Test
    void theNodeSnippetRunsWhereTheTwilioPackageIsInstalled() throws Exception {
        List<Snippet> node = snippets("node");
        assertThat(node).hasSize(1);
        assumeTrue(Files.isDirectory(NODE_MODULES.resolve("twilio")), "npm install in src/test/node first");
        assumeTrue(Programs.succeeds("node", "--version"), "node is not installed");
        run(node.get(0), "js", Map.of("NODE_PATH", NODE_MODULES.toAbsolutePath().toString()), "node");
    }

    @Test
    void thePythonSnippetRunsWhereTheTwilioPackageIsInstalled() throws Exception {
        List<Snippet> python = snippets("python");
        assertThat(python).hasSize(1);
        Optional<String> interpreter = PythonTwilio.interpreter();
        assumeTrue(interpreter.isPresent(), PythonTwilio.MISSING);
        run(python.get(0), "py", Map.of(), interpreter.get());
    }

    /** The Java snippet (a class and the statements that use it) compiles as the body of a method. */
    @Test
    void theJavaSnippetCompiles() throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(m.find()).isTrue();
        Path source = dir.resolve("java/ReadmeJava.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                import com.twilio.http.NetworkHttpClient;
                import com.twilio.http.Request;
                import com.twilio.http.Response;
                import com.twilio.http.TwilioRestClient;
                import com.twilio.rest.notify.v1.service.Binding;

                class ReadmeJava {
                    static void snippet(String accountSid, String authToken, String serviceSid, String deviceToken) {
                """ + m.group(1) + "\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", source.getParent().toString(), "-cp",
                        System.getProperty("java.class.path"), "-proc:none"), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(source.toFile())).call();
        assertThat(compiled).as(errors.toString()).isTrue();
    }

    /** Runs {@code snippet} (port 8080 replaced by Herald's) in Herald's directory with {@code command}. */
    private static void run(Snippet snippet, String extension, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        String code = snippet.code().replace("localhost:8080", "127.0.0.1:" + herald.port());
        Path file = Files.createTempFile(dir, "snippet", "." + extension);
        Files.writeString(file, code + "\n");
        Path output = dir.resolve(file.getFileName() + ".out");
        List<String> line = new ArrayList<>(List.of(command));
        line.add(file.toString());
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertThat(exited).as("%s snippet within 60 s:%n%s%n%s", snippet.kind(), code, printed).isTrue();
        assertThat(process.exitValue()).as("%s snippet:%n%s%nprinted:%n%s", snippet.kind(), code, printed).isZero();
        assertThat(printed).as("%s snippet:%n%s", snippet.kind(), code).contains(snippet.prints());
    }
}
