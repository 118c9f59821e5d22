package dk.telemed.gateway.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar telemed-gateway.jar hash-password}: reads one password (a line on stdin,
 * or typed without echo at a terminal) and prints its argon2id PHC string for the users file.
 */
public final class HashPasswordCommand {
    static final int MIN_LENGTH = 8;

    private HashPasswordCommand() {
    }

    /** Returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 0) {
            err.println("usage: java -jar telemed-gateway.jar hash-password   (the password is read from stdin)");
            return 2;
        }
        String password;
        try {
            password = readPassword(err);
        } catch (IOException e) {
            err.println("hash-password: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null || password.length() < MIN_LENGTH) {
            err.println("hash-password: give a password of at least " + MIN_LENGTH + " characters on stdin");
            return 1;
        }
        out.println(new PasswordHasher().hash(password));
        return 0;
    }

    private static String readPassword(PrintStream err) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("password: ");
            return typed == null ? null : new String(typed);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return in.readLine();
    }
}
