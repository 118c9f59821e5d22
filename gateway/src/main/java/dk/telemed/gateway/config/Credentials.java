package dk.telemed.gateway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user name with a password given either inline (best from an environment variable) or in a
 * file named by the configuration. The password is read from its file at each use, so a
 * rotated password takes effect at the next connection. Never part of a message or string.
 */
public record Credentials(String username, String password, String passwordFile) {
    public static final Credentials NONE = new Credentials("", "", "");

    public Credentials {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        passwordFile = passwordFile == null ? "" : passwordFile;
    }

    public boolean isSet() {
        return !username.isEmpty();
    }

    /** The password: the inline one, or the file's first line. */
    public String secret() {
        if (passwordFile.isEmpty()) {
            return password;
        }
        try {
            return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            // The exception's message names the file only, never its content.
            throw new IllegalStateException("cannot read the password file " + passwordFile + ": " + e.getMessage(), e);
        }
    }

    void validate(Problems p, String section) {
        p.require(password.isEmpty() || passwordFile.isEmpty(), section + ".passwordFile",
                "set either " + section + ".password or " + section + ".passwordFile, not both");
        p.require(isSet() || (password.isEmpty() && passwordFile.isEmpty()), section + ".username",
                "must be set when a password is given");
        if (!passwordFile.isEmpty()) {
            Path file = Path.of(passwordFile);
            p.require(Files.isRegularFile(file) && Files.isReadable(file), section + ".passwordFile",
                    "'" + passwordFile + "' is not a readable file");
        }
    }

    @Override
    public String toString() {
        String secret = !passwordFile.isEmpty() ? "from " + passwordFile : password.isEmpty() ? "none" : "(set)";
        return "Credentials[username=" + username + ", password=" + secret + "]";
    }
}
