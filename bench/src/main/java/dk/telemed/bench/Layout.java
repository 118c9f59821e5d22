package dk.telemed.bench;

import dk.telemed.testsupport.ProjectRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where things are: the project root, the packaged gateway and device-sim, the scratch
 * directory the services run in ({@code .telemed/bench/}, git-ignored), and where the results go.
 */
public record Layout(Path root, Path gatewayJar, Path deviceSimJar, Path work, Path results) {

    /** The layout of a checkout whose jars are built ({@code mvn package}); a gateway jar may be given instead. */
    public static Layout of(Path gatewayJarOrNull, Path resultsOrNull) {
        Path root = ProjectRoot.find();
        Path gateway = gatewayJarOrNull != null ? gatewayJarOrNull.toAbsolutePath() : root.resolve("gateway/target/telemed-gateway.jar");
        Path sim = root.resolve("device-sim/target/device-sim.jar");
        for (Path jar : new Path[] {gateway, sim}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist; build first: mvn -B package -DskipTests");
            }
        }
        Path results = resultsOrNull != null ? resultsOrNull.toAbsolutePath() : root.resolve("bench/results");
        return new Layout(root, gateway, sim, root.resolve(".telemed/bench"), results);
    }

    /**
     * Empties the scratch directory. Process logs are appended to, and their names repeat from
     * run to run: a log left by an earlier run would be read as this one's (a registry of the
     * wrong size was once taken from one).
     */
    public void clearWork() {
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + work + "; remove it and run again", e);
        }
    }

    public Path config(String file) {
        return root.resolve("config").resolve(file);
    }
}
