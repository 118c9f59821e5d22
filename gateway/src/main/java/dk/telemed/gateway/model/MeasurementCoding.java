package dk.telemed.gateway.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of what each measurement type means to other systems: its LOINC codings
 * (interface section 1), the Danish NPU or MedCom coding where the table has one, the
 * observation category and, for vital signs, the R4 vital-signs profile it meets. The unit is
 * the type's canonical UCUM unit ({@link MeasurementType#canonicalUnit()}), so there is no
 * second copy of it here.
 *
 * <p>Systems: LOINC {@code http://loinc.org}; NPU (including the Danish DNK extension codes)
 * {@code urn:oid:1.2.208.176.2.1}; MedCom's own measurement codes {@code urn:oid:1.2.208.184.100.8}.
 * Ketones have no code in the interface's table and are served with text only rather than a
 * guessed code: a wrong code is a clinical defect.
 */
public final class MeasurementCoding {
    public static final String LOINC = "http://loinc.org";
    public static final String NPU = "urn:oid:1.2.208.176.2.1";
    public static final String MEDCOM = "urn:oid:1.2.208.184.100.8";
    public static final String UCUM = "http://unitsofmeasure.org";
    private static final String VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/";

    /** One code of one system; {@code display} as the code system names it. */
    public record Code(String system, String code, String display) {
    }

    /** Observation categories used here (FHIR's observation-category code system). */
    public enum Category {
        VITAL_SIGNS("vital-signs", "Vital Signs"),
        LABORATORY("laboratory", "Laboratory"),
        PROCEDURE("procedure", "Procedure");

        private final String code;
        private final String display;

        Category(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public String display() {
            return display;
        }
    }

    /**
     * @param text    what it is, in words (the Observation's code.text)
     * @param codes   LOINC first, then the Danish coding
     * @param profile the vital-signs profile's canonical URL, when the type is a vital sign
     */
    public record Entry(MeasurementType type, String text, List<Code> codes, Category category, Optional<String> profile) {
        public Entry {
            codes = List.copyOf(codes);
        }

        public Optional<Code> loinc() {
            return codes.stream().filter(c -> c.system().equals(LOINC)).findFirst();
        }
    }

    /** The blood-pressure panel that pairs a systolic and a diastolic reading of one device and time. */
    public static final Code BP_PANEL = new Code(LOINC, "85354-9", "Blood pressure panel with all children optional");
    public static final String BP_PROFILE = VITAL_SIGNS_PROFILE + "bp";
    public static final String BP_TEXT = "Blood pressure";

    private static final Map<MeasurementType, Entry> TABLE = table();

    private MeasurementCoding() {
    }

    public static Entry of(MeasurementType type) {
        return TABLE.get(type);
    }

    private static Map<MeasurementType, Entry> table() {
        Map<MeasurementType, Entry> t = new EnumMap<>(MeasurementType.class);
        // The vital-signs profile for SpO2 asks for 2708-6 and 59408-5 both.
        vital(t, MeasurementType.SPO2, "Oxygen saturation (pulse oximeter)", "oxygensat",
                loinc("2708-6", "Oxygen saturation in Arterial blood"),
                loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
                new Code(NPU, "NPU03011", null));
        vital(t, MeasurementType.PULSE, "Heart rate", "heartrate", loinc("8867-4", "Heart rate"), new Code(NPU, "NPU21692", null));
        vital(t, MeasurementType.RESP_RATE, "Respiratory rate", "resprate", loinc("9279-1", "Respiratory rate"));
        vital(t, MeasurementType.WEIGHT, "Body weight", "bodyweight", loinc("29463-7", "Body weight"), new Code(NPU, "NPU03804", null));
        other(t, MeasurementType.FEV1, "Forced expiratory volume in 1 second (FEV1)", Category.PROCEDURE,
                loinc("20150-9", "FEV1"), new Code(MEDCOM, "MCS88015", "FEV1;Lunge"));
        other(t, MeasurementType.FVC, "Forced vital capacity (FVC)", Category.PROCEDURE,
                loinc("19868-9", "FVC"), new Code(MEDCOM, "MCS88016", "FVC;Lunge"));
        other(t, MeasurementType.PEF, "Peak expiratory flow", Category.PROCEDURE,
                loinc("33452-4", "Maximum expiratory gas flow Respiratory system airway by Peak flow meter"));
        other(t, MeasurementType.GLUCOSE, "Capillary blood glucose", Category.LABORATORY,
                loinc("14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer"), new Code(NPU, "NPU22089", null));
        other(t, MeasurementType.KETONES, "Blood beta-hydroxybutyrate (ketone meter)", Category.LABORATORY);
        vital(t, MeasurementType.TEMPERATURE, "Body temperature", "bodytemp", loinc("8310-5", "Body temperature"),
                new Code(NPU, "NPU08676", null));
        // A half of a pair that has no partner is served on its own: a vital sign, but no BP profile fits one half.
        other(t, MeasurementType.BP_SYS, "Systolic blood pressure", Category.VITAL_SIGNS,
                loinc("8480-6", "Systolic blood pressure"), new Code(NPU, "DNK05472", "Blodtryk systolisk;Arm"));
        other(t, MeasurementType.BP_DIA, "Diastolic blood pressure", Category.VITAL_SIGNS,
                loinc("8462-4", "Diastolic blood pressure"), new Code(NPU, "DNK05473", "Blodtryk diastolisk;Arm"));
        for (MeasurementType type : MeasurementType.values()) {
            if (!t.containsKey(type)) {
                throw new IllegalStateException("no coding for measurement type " + type);
            }
        }
        return t;
    }

    private static Code loinc(String code, String display) {
        return new Code(LOINC, code, display);
    }

    private static void vital(Map<MeasurementType, Entry> t, MeasurementType type, String text, String profile, Code... codes) {
        t.put(type, new Entry(type, text, List.of(codes), Category.VITAL_SIGNS, Optional.of(VITAL_SIGNS_PROFILE + profile)));
    }

    private static void other(Map<MeasurementType, Entry> t, MeasurementType type, String text, Category category, Code... codes) {
        t.put(type, new Entry(type, text, List.of(codes), category, Optional.empty()));
    }
}
