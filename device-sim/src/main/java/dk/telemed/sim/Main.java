package dk.telemed.sim;

import dk.telemed.sim.cli.Cli;

/** Entry point: {@code java -jar device-sim.jar COMMAND [options]}; see {@code --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err).run(args));
    }
}
