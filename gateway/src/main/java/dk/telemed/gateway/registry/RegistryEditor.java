package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.Identifiers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a device to a patient's {@code devices:} in the registry file, or removes one, for
 * {@code ./telemed provision-device} and {@code revoke-device}. Edits the text in place, so
 * comments, names and everything else stay as the care team wrote them; the result must
 * parse before it replaces the file (atomically), and the running gateway reloads it.
 *
 * <pre>java -cp telemed-gateway.jar dk.telemed.gateway.registry.RegistryEditor add FILE PATIENT DEVICE
 * java -cp telemed-gateway.jar dk.telemed.gateway.registry.RegistryEditor remove FILE DEVICE</pre>
 */
public final class RegistryEditor {
    private static final Pattern ENTRY = Pattern.compile("^(\\s*)-\\s+id:\\s*['\"]?([A-Za-z0-9._-]+)['\"]?\\s*(#.*)?$");
    private static final Pattern FLOW_DEVICES = Pattern.compile("^(\\s*devices:\\s*\\[)([^\\]]*)(\\].*)$");

    private RegistryEditor() {
    }

    public static void main(String[] args) {
        try {
            if (args.length == 4 && args[0].equals("add")) {
                add(Path.of(args[1]), args[2], args[3]);
            } else if (args.length == 3 && args[0].equals("remove")) {
                remove(Path.of(args[1]), args[2]);
            } else {
                throw new IllegalArgumentException("usage: RegistryEditor add FILE PATIENT DEVICE | remove FILE DEVICE");
            }
        } catch (IllegalArgumentException | IllegalStateException | RegistryException | IOException e) {
            System.err.println("registry: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Adds {@code deviceId} to the patient's devices; already there is fine, another patient's is an error. */
    static void add(Path file, String patientId, String deviceId) throws IOException, RegistryException {
        if (!Identifiers.isValid(deviceId)) {
            throw new IllegalArgumentException("device id '" + deviceId + "' must match " + Identifiers.PATTERN_TEXT);
        }
        PatientRegistry registry = parse(file, Files.readString(file, StandardCharsets.UTF_8));
        if (registry.patient(patientId).isEmpty()) {
            throw new IllegalArgumentException("no patient " + patientId + " in " + file);
        }
        registry.ownerOf(deviceId).ifPresent(owner -> {
            if (!owner.id().equals(patientId)) {
                throw new IllegalStateException(deviceId + " belongs to patient " + owner.id() + "; revoke it there first");
            }
        });
        if (registry.ownerOf(deviceId).isPresent()) {
            return;
        }
        List<String> lines = lines(file);
        int line = devicesLine(lines, patientId, file);
        Matcher m = FLOW_DEVICES.matcher(lines.get(line));
        m.matches();
        String items = m.group(2).strip();
        lines.set(line, m.group(1) + (items.isEmpty() ? deviceId : items + ", " + deviceId) + m.group(3));
        write(file, lines, registry.patients().size());
    }

    /** Removes {@code deviceId} from whichever patient has it; not in the registry is fine. */
    static void remove(Path file, String deviceId) throws IOException, RegistryException {
        PatientRegistry registry = parse(file, Files.readString(file, StandardCharsets.UTF_8));
        Patient owner = registry.ownerOf(deviceId).orElse(null);
        if (owner == null) {
            return;
        }
        if (owner.devices().size() == 1) {
            throw new IllegalStateException(deviceId + " is the only device of patient " + owner.id()
                    + "; a patient needs at least one: add the replacement first, or remove the patient");
        }
        List<String> lines = lines(file);
        int line = devicesLine(lines, owner.id(), file);
        Matcher m = FLOW_DEVICES.matcher(lines.get(line));
        m.matches();
        List<String> kept = new ArrayList<>();
        for (String item : m.group(2).split(",")) {
            String id = item.strip().replaceAll("^['\"]|['\"]$", "");
            if (!id.isEmpty() && !id.equals(deviceId)) {
                kept.add(item.strip());
            }
        }
        lines.set(line, m.group(1) + String.join(", ", kept) + m.group(3));
        write(file, lines, registry.patients().size());
    }

    /** The line of the patient's {@code devices: [...]}; the registry writes it in flow style, as the interface shows. */
    private static int devicesLine(List<String> lines, String patientId, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher entry = ENTRY.matcher(lines.get(i));
            if (!entry.matches() || !entry.group(2).equals(patientId)) {
                continue;
            }
            int indent = entry.group(1).length();
            for (int j = i + 1; j < lines.size(); j++) {
                Matcher next = ENTRY.matcher(lines.get(j));
                if (next.matches() && next.group(1).length() <= indent) {
                    break;
                }
                if (FLOW_DEVICES.matcher(lines.get(j)).matches()) {
                    return j;
                }
            }
        }
        throw new IllegalStateException(file + ": patient " + patientId
                + " has no one-line 'devices: [...]' to edit; edit the file by hand");
    }

    private static void write(Path file, List<String> lines, int patients) throws IOException, RegistryException {
        String text = String.join("\n", lines) + "\n";
        if (parse(file, text).patients().size() != patients) {
            throw new IllegalStateException(file + ": the edit would change the number of patients; nothing written");
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".editing");
        Files.deleteIfExists(temporary);
        // The registry may hold names and CPR numbers: the new file is created with the old one's
        // permissions (never readable by more people, not even for a moment), then moved over it.
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(temporary, mode);
        }
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> lines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readString(file, StandardCharsets.UTF_8).lines().toList());
        return lines;
    }

    private static PatientRegistry parse(Path file, String text) throws RegistryException {
        return new RegistryParser().parse(text, file.toString());
    }
}
