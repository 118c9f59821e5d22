package dk.telemed.gateway.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.Mappers;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;
import dk.telemed.gateway.model.RelativeLimit;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code patients.yaml} (interface section 4) into a {@link PatientRegistry}. Every
 * problem is collected and named by its path in the file, so a person fixes the file in one go.
 *
 * <p>The file is read one patient entry at a time rather than as one tree: the tree of a
 * registry of 100,000 devices takes some 60 MB, and a reload builds it while the registry in
 * force and everything the rules hold for it are still in the heap. This is the one file not
 * bound the configuration's way (a whole tree bound into records): the streaming read was
 * measured to matter at 100,000 devices, so keep it streaming. Its helpers are its own; what
 * other files share with it (the bands' shape) lives in {@link BandsParser}.
 */
public final class RegistryParser {
    private static final Set<String> PATIENT_KEYS = Set.of("id", "careTeam", "conditions", "devices", "thresholds",
            "displayName", "cpr", "plan", "passive", "treatment", "relative");

    /**
     * SnakeYAML refuses a document of more than 3 Mi characters by default; a municipality's
     * registry of 100,000 devices is about 10 MB. The file is the operator's own, so the limit
     * only guards against a runaway file.
     */
    static final int MAX_CHARACTERS = 256 * 1024 * 1024;

    private final ObjectMapper yaml = Mappers.yaml(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARACTERS);
        return options;
    }

    public PatientRegistry parse(String text, String source) throws RegistryException {
        List<String> problems = new ArrayList<>();
        List<Patient> patients = new ArrayList<>();
        boolean listed;
        try (JsonParser parser = yaml.createParser(text)) {
            listed = readPatients(parser, patients, problems);
        } catch (JsonProcessingException e) {
            throw new RegistryException(source, List.of("not valid YAML at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            // The text is in memory: nothing to read can fail but the YAML itself.
            throw new UncheckedIOException(e);
        }
        if (!listed) {
            throw new RegistryException(source, List.of("expected a top-level key 'patients' holding a list"));
        }
        checkUnique(patients, problems);
        if (!problems.isEmpty()) {
            throw new RegistryException(source, problems);
        }
        return new PatientRegistry(patients);
    }

    /**
     * Parses each entry of the top-level {@code patients} list as soon as it is read; other
     * top-level keys are skipped. False when the document has no such list. Where the key
     * appears twice the last one counts, as it would in a tree of the whole document.
     */
    private boolean readPatients(JsonParser parser, List<Patient> patients, List<String> problems) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        boolean listed = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!key.equals("patients")) {
                parser.skipChildren();
                continue;
            }
            patients.clear();
            problems.clear();
            listed = value == JsonToken.START_ARRAY;
            if (!listed) {
                parser.skipChildren();
                continue;
            }
            int index = 0;
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY && item != null; item = parser.nextToken()) {
                JsonNode node = yaml.readTree(parser);
                parsePatient(node == null ? NullNode.getInstance() : node, "patients[" + index++ + "]", problems)
                        .ifPresent(patients::add);
            }
        }
        return listed;
    }

    private Optional<Patient> parsePatient(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping with id, careTeam, conditions and devices");
            return Optional.empty();
        }
        int before = problems.size();
        YamlTree.unknownKeys(node, PATIENT_KEYS, at, problems);
        String id = identifier(node, "id", at, problems);
        String careTeam = identifier(node, "careTeam", at, problems);
        Set<Condition> conditions = conditions(node.path("conditions"), at + ".conditions", problems);
        List<String> devices = devices(node.path("devices"), at + ".devices", problems);
        Map<MeasurementType, Bands> thresholds = BandsParser.thresholds(node.path("thresholds"), at + ".thresholds", problems);
        Optional<String> displayName = node.hasNonNull("displayName")
                ? Optional.of(node.get("displayName").asText()) : Optional.empty();
        Optional<String> cpr = Cpr.parse(node.get("cpr"), at + ".cpr", problems);
        Map<MeasurementType, MeasurementPlan> plan = ScheduleParser.plans(node.path("plan"), at + ".plan", problems);
        List<PassiveInterval> passive = ScheduleParser.passive(node.path("passive"), at + ".passive", problems);
        Optional<Treatment> treatment = treatment(node.get("treatment"), at + ".treatment", problems);
        Map<MeasurementType, RelativeLimit> relative = RelativeLimits.parse(node.path("relative"), at + ".relative", problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Patient(id, careTeam, conditions, devices, thresholds, displayName, plan, passive, cpr,
                treatment, relative));
    }

    private static Optional<Treatment> treatment(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        Optional<Treatment> treatment = node.isTextual() ? Treatment.fromWireName(node.asText()) : Optional.empty();
        if (treatment.isEmpty()) {
            problems.add(at + ": '" + node.asText() + "' is not a treatment (known: " + Treatment.knownWireNames() + ")");
        }
        return treatment;
    }

    private static String identifier(JsonNode node, String key, String at, List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            problems.add(at + "." + key + ": missing");
            return null;
        }
        if (!value.isTextual() || !Identifiers.isValid(value.asText())) {
            problems.add(at + "." + key + ": '" + value.asText() + "' must match " + Identifiers.PATTERN_TEXT);
            return null;
        }
        return value.asText();
    }

    private static Set<Condition> conditions(JsonNode node, String at, List<String> problems) {
        Set<Condition> conditions = EnumSet.noneOf(Condition.class);
        if (!node.isArray() || node.isEmpty()) {
            problems.add(at + ": expected a non-empty list of " + Condition.knownWireNames());
            return conditions;
        }
        for (JsonNode c : node) {
            Condition.fromWireName(c.asText()).ifPresentOrElse(conditions::add,
                    () -> problems.add(at + ": unknown condition '" + c.asText() + "' (known: " + Condition.knownWireNames() + ")"));
        }
        return conditions;
    }

    private static List<String> devices(JsonNode node, String at, List<String> problems) {
        List<String> devices = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(at + ": expected a list of device ids");
            return devices;
        }
        for (JsonNode d : node) {
            if (d.isTextual() && Identifiers.isValid(d.asText())) {
                devices.add(d.asText());
            } else {
                problems.add(at + ": '" + d.asText() + "' is not a device id (" + Identifiers.PATTERN_TEXT + ")");
            }
        }
        return devices;
    }

    private static void checkUnique(List<Patient> patients, List<String> problems) {
        Map<String, String> deviceOwner = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Patient p : patients) {
            if (!ids.add(p.id())) {
                problems.add("patient id '" + p.id() + "' appears more than once");
            }
            for (String d : p.devices()) {
                String other = deviceOwner.putIfAbsent(d, p.id());
                if (other != null && !other.equals(p.id())) {
                    problems.add("device '" + d + "' is registered to both " + other + " and " + p.id()
                            + ": a device must belong to one patient");
                }
            }
        }
    }
}
