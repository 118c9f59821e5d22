package dk.telemed.sim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One clear line, a blank line, then the usage; exit status 2. */
    private void assertUsageError(int status, String expectedInFirstLine) {
        assertThat(status).isEqualTo(2);
        String[] lines = stderr().split("\n", -1);
        assertThat(lines[0]).startsWith("device-sim: ").contains(expectedInFirstLine);
        assertThat(lines[1]).isEmpty();
        assertThat(lines[2]).startsWith("usage: ");
        assertThat(stdout()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                                                            | no command given",
        "frobnicate                                                    | unknown command 'frobnicate'",
        "run                                                           | run needs --mqtt",
        "run --mqtt                                                    | --mqtt needs a value",
        "run --mqtt 127.0.0.1:1883                                     | needs a scheme",
        "run --mqtt tcp://                                             | has no host",
        "run --mqtt tcp://h:1 --rate fast                              | --rate must be a number, got 'fast'",
        "run --mqtt tcp://h:1 --rate 0                                 | --rate must be above 0",
        "run --mqtt tcp://h:1 --rate -5                                | --rate must be above 0",
        "run --mqtt tcp://h:1 --batch 0                                | --batch must be between 1 and 500, got 0",
        "run --mqtt tcp://h:1 --batch 1001                             | --batch must be between 1 and 500",
        "run --mqtt tcp://h:1 --duration 5 --count 10                  | either --duration or --count",
        "run --mqtt tcp://h:1 --count 0                                | --count must be between 1",
        "run --mqtt tcp://h:1 --qos 2                                  | --qos must be between 0 and 1, got 2",
        "run --mqtt tcp://h:1 --clock later                            | --clock must be realtime or compressed",
        "run --mqtt tcp://h:1 --days 3                                 | --days only applies to --clock compressed",
        "run --mqtt tcp://h:1 --clock compressed --days 0              | --days must be above 0",
        "run --mqtt tcp://h:1 --alternate-units-share 1.5              | --alternate-units-share must be at least 0",
        "run --mqtt tcp://h:1 --max-inflight 0                         | --max-inflight must be between 1 and 65535",
        "run --mqtt tcp://h:1 --connections 3 --patients 2             | more than the 2 patients",
        "run --mqtt tcp://h:1 --client-id a/b                          | --client-id must be",
        "run --mqtt tcp://h:1 --patients 1 --rate 5000                 | use --patients 4 or more",
        "run --mqtt tcp://h:1 --speed 3                                | unknown option --speed for run",
        "run --mqtt tcp://h:1 --rate 5 --rate 6                        | --rate is given twice",
        "run --mqtt tcp://h:1 extra                                    | unexpected argument 'extra'",
        "registry --out x.yaml                                         | --patients N is required",
        "registry --patients 5                                         | registry needs --out",
        "registry --patients 0 --out x.yaml                            | --patients must be between 1 and 1000000",
        "registry --patients 5 --out x.yaml --care-teams a,b/c         | 'b/c' is not a care team name",
        "registry --patients 5 --out x.yaml --care-teams a,a           | lists a team twice",
        "registry --patients 5 --out x.yaml --seed 1.5                 | --seed must be a whole number",
        "registry --patients 5 --out x.yaml --mqtt tcp://h:1           | unknown option --mqtt for registry",
    })
    void badArgumentsGiveOneLineAndTheUsage(String args, String expected) {
        String[] argv = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        assertUsageError(run(argv), expected);
        assertThat(stderr().lines().findFirst().orElseThrow()).doesNotContain("Exception");
    }

    @Test
    void helpGoesToStdoutWithStatus0() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).startsWith("usage: ").contains("registry --patients N").contains("run --mqtt URL")
                .contains("--max-inflight").contains("--alternate-units-share");
        assertThat(stderr()).isEmpty();
        out.reset();
        assertThat(run("run", "-h")).isZero();
        assertThat(stdout()).startsWith("usage: ");
    }

    @Test
    void registryWritesTheSameFileForTheSameArguments(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a/patients.yaml");
        Path b = dir.resolve("b.yaml");
        assertThat(run("registry", "--patients", "25", "--seed", "9", "--out", a.toString())).isZero();
        assertThat(run("registry", "--patients=25", "--out", b.toString(), "--seed", "9")).isZero();
        assertThat(Files.readString(a)).isEqualTo(Files.readString(b)).contains("p-0025")
                .contains("# Generated with: device-sim registry --patients 25 --seed 9 --care-teams "
                        + "nord-akut,syd-hjemmepleje");
        assertThat(stderr()).contains("wrote 25 patients");
        try (var files = Files.list(dir.resolve("a"))) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void registryCanGoToStdout() {
        assertThat(run("registry", "--patients", "3", "--out", "-", "--care-teams", "team-x")).isZero();
        assertThat(stdout()).contains("patients:\n  - id: p-0001\n    careTeam: team-x\n");
    }
}
