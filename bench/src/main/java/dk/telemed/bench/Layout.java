package dk.telemed.bench;

import dk.telemed.testsupport.ProjectRoot;

import java.nio.file.Files;
import java.nio.file.Path;

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

    public Path config(String file) {
        return root.resolve("config").resolve(file);
    }
}
