package dk.telemed.sim.cli;

import dk.telemed.sim.population.Population;
import dk.telemed.sim.population.PopulationGenerator;
import dk.telemed.sim.population.RegistryWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/** {@code registry}: writes patients.yaml for a population. */
final class RegistryCommand {

    static final Set<String> OPTIONS = Set.of("patients", "seed", "care-teams", "out");

    private final PrintStream out;
    private final PrintStream err;

    RegistryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> tokens) throws UsageException {
        Args args = Args.parse("registry", tokens, OPTIONS);
        PopulationOptions options = PopulationOptions.from(args, null);
        String target = args.required("out", "FILE, e.g. --out config/patients.yaml");

        Population population = new PopulationGenerator(options.seed()).generate(options.patients(),
                options.careTeams());
        String yaml = new RegistryWriter().write(population, "device-sim registry " + options.asArguments());
        if (target.equals("-")) {
            out.print(yaml);
            out.flush();
            return 0;
        }
        Path path = Path.of(target);
        try {
            writeAtomically(path, yaml);
        } catch (IOException e) {
            err.println("device-sim: cannot write " + path + ": " + e);
            return 1;
        }
        err.println("device-sim: wrote " + population.patients().size() + " patients with "
                + population.devices().size() + " devices to " + path);
        return 0;
    }

    /** The gateway reloads the registry when it changes, so it must never see a half-written file. */
    private static void writeAtomically(Path path, String content) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
