package dk.telemed.gateway.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HashPasswordCommandTest {
    private final InputStream stdin = System.in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        System.setIn(stdin);
    }

    @Test
    void printsAnArgon2idHashOfTheLineOnStdin() {
        assertThat(run("a long enough password\n")).isZero();
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(PasswordHasher.problem(hash)).isEmpty();
        assertThat(new PasswordHasher().matches("a long enough password", hash)).as("no newline in the password").isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aShortOrMissingPasswordIsRefusedWithoutOutput() {
        assertThat(run("short\n")).isEqualTo(1);
        assertThat(run("")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 8 characters");
    }

    @Test
    void argumentsAreAMistake() {
        System.setIn(new ByteArrayInputStream("a long enough password\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(HashPasswordCommand.run(new String[] {"secret-on-the-command-line"}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("read from stdin").doesNotContain("secret-on-the-command-line");
    }

    private int run(String stdinText) {
        System.setIn(new ByteArrayInputStream(stdinText.getBytes(StandardCharsets.UTF_8)));
        return HashPasswordCommand.run(new String[0], print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
