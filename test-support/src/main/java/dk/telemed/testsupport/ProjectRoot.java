package dk.telemed.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's root directory, where {@code config/mosquitto.conf} and
 * {@code config/influxdb.conf} live. Tests render those templates, not copies, so a
 * broker or store setting tested here is the setting the operator runs.
 */
public final class ProjectRoot {
    /** System property that names the root explicitly (set by the failsafe configuration). */
    public static final String PROPERTY = "telemed.project.root";

    private ProjectRoot() {
    }

    /**
     * The root from {@value #PROPERTY} when set, else the nearest directory at or above
     * the working directory that holds both {@code pom.xml} and {@code config/mosquitto.conf}
     * (Maven runs a module's tests in the module's directory, one level below the root).
     */
    public static Path find() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path root = Path.of(explicit).toAbsolutePath().normalize();
            if (!isRoot(root)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + explicit
                        + " does not contain pom.xml and config/mosquitto.conf");
            }
            return root;
        }
        return findFrom(Path.of(System.getProperty("user.dir")));
    }

    static Path findFrom(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory at or above " + start
                + " contains pom.xml and config/mosquitto.conf; set -D" + PROPERTY);
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("pom.xml"))
                && Files.isRegularFile(dir.resolve("config/mosquitto.conf"));
    }

    /** A file under the root, e.g. {@code config("influxdb.conf")}. */
    public static Path config(String fileName) {
        return find().resolve("config").resolve(fileName);
    }
}
