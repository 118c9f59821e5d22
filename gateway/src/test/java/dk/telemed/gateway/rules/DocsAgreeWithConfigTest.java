package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every threshold number the docs quote in their tables and examples is the shipped
 * config's: the default-bands and trend tables of docs/clinical-rules.md, and every alert
 * example (a rule with its threshold, the thresholds that applied, the defaults beside a
 * patient's own limits, a baseline, a relative limit) in docs/*.md. A number changed in
 * config/thresholds.yaml and not in the docs fails here, with the line.
 */
class DocsAgreeWithConfigTest {
    static final Map<String, MeasurementType> TABLE_TYPES = Map.ofEntries(Map.entry("SpO2", MeasurementType.SPO2),
            Map.entry("Pulse", MeasurementType.PULSE), Map.entry("Respiratory rate", MeasurementType.RESP_RATE),
            Map.entry("Temperature", MeasurementType.TEMPERATURE), Map.entry("Systolic BP", MeasurementType.BP_SYS),
            Map.entry("Diastolic BP", MeasurementType.BP_DIA), Map.entry("Blood glucose", MeasurementType.GLUCOSE),
            Map.entry("Blood ketones (β-hydroxybutyrate)", MeasurementType.KETONES), Map.entry("Blood ketones", MeasurementType.KETONES),
            Map.entry("FEV1", MeasurementType.FEV1));
    static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    final ClinicalDefaults d = Fixtures.shipped();
    final Path docs = Fixtures.projectRoot().resolve("docs");

    @Test
    void theDefaultBandsTableIsTheConfig() throws IOException {
        List<String> rows = tableRows("clinical-rules.md", "## 2. Default bands");
        assertThat(rows).as("rows of the default bands table").hasSizeGreaterThanOrEqualTo(15);
        for (String row : rows) {
            String[] cells = cells(row);
            MeasurementType type = TABLE_TYPES.get(cells[0]);
            assertThat(type).as("a type named in: %s", row).isNotNull();
            Bands bands = group(cells[1], type);
            Band band = cells[2].equals("red") ? bands.red() : bands.yellow();
            String[] sides = cells[3].split(" / ");
            List<Double> limits = numbers(cells[4]);
            assertThat(limits).as("the limits of: %s", row).hasSize(sides.length);
            for (int i = 0; i < sides.length; i++) {
                OptionalDouble configured = sides[i].equals("below") ? band.below() : band.above();
                assertThat(configured).as("%s %s %s %s in config/thresholds.yaml, as the docs say: %s", cells[0], cells[1], cells[2],
                        sides[i], row).hasValue(limits.get(i));
            }
        }
    }

    @Test
    void theFev1TrendRowsAreTheConfig() throws IOException {
        TrendRule.PercentOfBest fev1 = (TrendRule.PercentOfBest) d.trends(MeasurementType.FEV1).get(0);
        List<String> rows = tableRows("clinical-rules.md", "## 3. Trends").stream().filter(r -> r.startsWith("| FEV1")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("below " + number(fev1.yellowBelowPercent().getAsDouble()) + " % of the personal best")
                .contains(fev1.window().toDays() + " days").contains(Math.round(fev1.statistic().percentile()) + "th percentile")
                .contains(fev1.minReadings() + " earlier readings");
        assertThat(rows.get(1)).contains("below " + number(fev1.redBelowPercent().getAsDouble()) + " % of the personal best");
    }

    @Test
    void theRelativeLimitsTableIsTheConfig() throws IOException {
        List<String> rows = tableRows("clinical-rules.md", "### Relative limits");
        RelativeLimit spo2 = d.relativeForAll().get(MeasurementType.SPO2);
        RelativeLimit pulse = d.relativeForAll().get(MeasurementType.PULSE);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).contains(number(spo2.yellowPoints().getAsDouble()) + " or more points below")
                .contains(spo2.window().toDays() + " days").contains(spo2.minReadings() + " readings");
        assertThat(rows.get(1)).contains(number(spo2.redPoints().getAsDouble()) + " or more points below");
        assertThat(rows.get(2)).contains(number(pulse.yellowPoints().getAsDouble()) + " /min or more above");
        assertThat(rows.get(3)).contains(number(pulse.redPoints().getAsDouble()) + " /min or more above");
    }

    @Test
    void everyAlertExampleQuotesTheConfiguredThreshold() throws IOException {
        Pattern ruleAndThreshold = Pattern.compile("\"rule\": \"([a-z0-9_]+)\\.(red|yellow)\\.(below|above)\", \"threshold\": (" + NUMBER + ")");
        List<String> checked = new ArrayList<>();
        for (Path doc : markdown()) {
            Matcher m = ruleAndThreshold.matcher(Files.readString(doc));
            while (m.find()) {
                MeasurementType type = MeasurementType.fromWireName(m.group(1)).orElseThrow();
                double quoted = Double.parseDouble(m.group(4));
                assertThat(anyGroup(type).stream().map(b -> limit(b, m.group(2), m.group(3))).toList())
                        .as("%s: %s", doc.getFileName(), m.group()).contains(OptionalDouble.of(quoted));
                checked.add(doc.getFileName() + ": " + m.group());
            }
        }
        assertThat(checked).as("alert examples found").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void theApiExamplesThresholdsDefaultsBaselinesAndRelativeLimitsAreTheConfig() throws IOException {
        String api = Files.readString(docs.resolve("api.md"));
        Matcher glucose = Pattern.compile("\"type\": \"glucose\"[^\\n]*\\n(?:[^\\n]*\\n){0,3}?[^\\n]*\"thresholds\": (\\{[^\\n]*?\\}\\})").matcher(api);
        assertThat(glucose.find()).as("the glucose alert example's thresholds").isTrue();
        assertBands(glucose.group(1), d.bandsByCondition().get(Condition.DIABETES).get(MeasurementType.GLUCOSE), "api.md glucose thresholds");
        Matcher defaults = Pattern.compile("\\{\"spo2\":[\\s\\S]*?\"defaults\": (\\{[^\\n]*?\\}\\})").matcher(api);
        assertThat(defaults.find()).isTrue();
        assertBands(defaults.group(1), d.bandsByCondition().get(Condition.COPD).get(MeasurementType.SPO2), "api.md spo2 defaults");
        TrendRule.PercentOfBest fev1 = (TrendRule.PercentOfBest) d.trends(MeasurementType.FEV1).get(0);
        assertThat(api).contains("\"type\": \"fev1\", \"rule\": \"baseline\", \"kind\": \"percentOfBest\", \"window\": \"P" + fev1.window().toDays() + "D\"")
                .contains("\"statistic\": \"" + fev1.statistic().wireName() + "\", \"redBelowPercent\": " + fev1.redBelowPercent().getAsDouble()
                        + ", \"yellowBelowPercent\": " + fev1.yellowBelowPercent().getAsDouble());
        RelativeLimit spo2 = d.relativeForAll().get(MeasurementType.SPO2);
        assertThat(api).contains("\"type\": \"spo2\", \"unit\": \"%\", \"window\": \"P" + spo2.window().toDays() + "D\", \"statistic\": \"median\"")
                .contains("\"minReadings\": " + spo2.minReadings())
                .contains("\"yellowPoints\": " + spo2.yellowPoints().getAsDouble() + ", \"redPoints\": " + spo2.redPoints().getAsDouble());
    }

    private void assertBands(String json, Bands expected, String what) {
        Matcher red = Pattern.compile("\"red\": \\{([^}]*)\\}").matcher(json);
        Matcher yellow = Pattern.compile("\"yellow\": \\{([^}]*)\\}").matcher(json);
        assertThat(red.find() && yellow.find()).as(what + ": " + json).isTrue();
        assertThat(band(red.group(1))).as(what + " red: " + json).isEqualTo(expected.red());
        assertThat(band(yellow.group(1))).as(what + " yellow: " + json).isEqualTo(expected.yellow());
    }

    private static Band band(String inner) {
        Matcher below = Pattern.compile("\"below\": (" + NUMBER + ")").matcher(inner);
        Matcher above = Pattern.compile("\"above\": (" + NUMBER + ")").matcher(inner);
        return new Band(below.find() ? OptionalDouble.of(Double.parseDouble(below.group(1))) : OptionalDouble.empty(),
                above.find() ? OptionalDouble.of(Double.parseDouble(above.group(1))) : OptionalDouble.empty());
    }

    private Bands group(String appliesTo, MeasurementType type) {
        return switch (appliesTo) {
            case "all", "patients without COPD" -> d.bandsForAll().get(type);
            case "COPD" -> d.bandsByCondition().get(Condition.COPD).get(type);
            case "diabetes" -> d.bandsByCondition().get(Condition.DIABETES).get(type);
            default -> throw new AssertionError("unknown group in the docs: " + appliesTo);
        };
    }

    private List<Bands> anyGroup(MeasurementType type) {
        List<Bands> all = new ArrayList<>();
        if (d.bandsForAll().containsKey(type)) {
            all.add(d.bandsForAll().get(type));
        }
        d.bandsByCondition().values().stream().filter(m -> m.containsKey(type)).forEach(m -> all.add(m.get(type)));
        return all;
    }

    private static OptionalDouble limit(Bands b, String severity, String side) {
        Band band = severity.equals("red") ? b.red() : b.yellow();
        return side.equals("below") ? band.below() : band.above();
    }

    /** The body rows of the first table after {@code heading}. */
    private List<String> tableRows(String doc, String heading) throws IOException {
        List<String> lines = Files.readAllLines(docs.resolve(doc));
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith(heading)).findFirst().orElseThrow(() -> new AssertionError(heading)));
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("|")) {
                inTable = true;
                rows.add(line);
            } else if (inTable) {
                break;
            }
        }
        return rows.subList(2, rows.size());
    }

    private static String[] cells(String row) {
        String[] raw = row.substring(1, row.length() - 1).split("\\|");
        return Stream.of(raw).map(String::strip).toArray(String[]::new);
    }

    private static List<Double> numbers(String text) {
        List<Double> result = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            result.add(Double.parseDouble(m.group()));
        }
        return result;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private List<Path> markdown() throws IOException {
        try (Stream<Path> files = Files.list(docs)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }
}
