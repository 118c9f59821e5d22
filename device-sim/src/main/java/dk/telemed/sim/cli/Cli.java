package dk.telemed.sim.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Dispatches the command line; returns the exit status instead of exiting, so tests can call it. */
public final class Cli {

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String... argv) {
        List<String> args = Arrays.asList(argv);
        if (args.contains("--help") || args.contains("-h") || (!args.isEmpty() && args.get(0).equals("help"))) {
            out.print(Usage.TEXT);
            out.flush();
            return 0;
        }
        try {
            if (args.isEmpty()) {
                throw new UsageException("no command given (registry or run)");
            }
            List<String> rest = args.subList(1, args.size());
            return switch (args.get(0)) {
                case "registry" -> new RegistryCommand(out, err).execute(rest);
                case "run" -> new RunCommand(out, err).execute(RunOptions.from(Args.parse("run", rest,
                        RunOptions.OPTIONS)));
                default -> throw new UsageException("unknown command '" + args.get(0) + "' (registry or run)");
            };
        } catch (UsageException e) {
            err.println("device-sim: " + e.getMessage());
            err.println();
            err.print(Usage.TEXT);
            err.flush();
            return 2;
        }
    }
}
