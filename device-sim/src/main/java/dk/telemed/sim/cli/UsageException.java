package dk.telemed.sim.cli;

/** Bad command-line arguments; the message is one line the user can act on. Exit status 2. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
