package dk.telemed.gateway.feedback;

import dk.telemed.gateway.feedback.FeedbackMessage.Status;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.questionnaire.Judgement;
import dk.telemed.gateway.questionnaire.Response;
import dk.telemed.gateway.questionnaire.SymptomVerdicts;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.rules.BandResolver;
import dk.telemed.gateway.rules.OpenAlert;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Tells the patient, on {@code telemed/v1/devices/{deviceId}/feedback} (QoS 1), what became
 * of what they sent: after every readings message (in a burst, the latest and most urgent
 * word about once an interval, see {@link FeedbackOutbox}) and every symptom response, and when
 * a nurse has seen an alert about it. The message goes to the device that sent the readings or
 * answers (an acknowledgement, to each of the patient's devices), holds only the patient's
 * own news and the care team's words, and no internal id.
 */
public final class PatientFeedback {
    private static final String PREFIX = "telemed/v1/devices/";
    private static final String SUFFIX = "/feedback";
    private static final Direction[] DIRECTIONS = Direction.values();

    private final FeedbackBodies bodies = new FeedbackBodies();
    private final BiFunction<String, byte[], Future<Void>> publish;
    private final Supplier<PatientRegistry> registry;
    private final BandResolver bands;
    private final FeedbackSettings settings;
    private final FeedbackTexts texts;
    private final Clock clock;
    private final FeedbackOutbox readingsOutbox;

    /**
     * @param publish        publishes a payload to a topic at QoS 1, completing when the broker has it
     * @param readingsOutbox the readings' feedback on its way out, paced per device
     */
    public PatientFeedback(BiFunction<String, byte[], Future<Void>> publish, FeedbackOutbox readingsOutbox, Supplier<PatientRegistry> registry,
                           BandResolver bands, FeedbackSettings settings, FeedbackTexts texts, Clock clock) {
        this.publish = publish;
        this.registry = registry;
        this.bands = bands;
        this.settings = settings;
        this.texts = texts;
        this.clock = clock;
        this.readingsOutbox = readingsOutbox;
    }

    public static String topic(String deviceId) {
        return PREFIX + deviceId + SUFFIX;
    }

    /**
     * One message per device of the stored readings (a message's readings come from one device);
     * the worst reading speaks. Handed to the {@link FeedbackOutbox}: the readings' acknowledgement
     * does not wait for it, and a device's backlog gets its latest, most urgent word about once an interval.
     */
    public void readings(List<Reading> stored, List<DeviceLimit> limits) {
        // Usually one device, so a short list rather than a map made for every message.
        List<Worst> byDevice = new ArrayList<>(1);
        for (Reading r : stored) {
            registry.get().patient(r.patientId()).ifPresent(p -> worst(byDevice, r.deviceId(), p)
                    .consider(r.type(), judge(p, r.type(), r.value())));
        }
        for (DeviceLimit l : limits) {
            registry.get().patient(l.patientId()).ifPresent(p -> worst(byDevice, l.deviceId(), p)
                    .consider(l.type(), Judged.RED[(l.side() == DeviceLimit.Side.LO ? Direction.BELOW : Direction.ABOVE).ordinal()]));
        }
        for (Worst w : byDevice) {
            // Written when it is sent: in a device's burst most messages are replaced before that.
            readingsOutbox.offer(w.device, topic(w.device), () -> body(texts.reading(settings.languageOf(w.patient.id()),
                    w.patient.careTeam(), w.status, w.type, w.side), Optional.empty()), w.status.ordinal());
        }
    }

    private static Worst worst(List<Worst> byDevice, String device, Patient p) {
        for (Worst w : byDevice) {
            if (w.device.equals(device)) {
                return w;
            }
        }
        Worst w = new Worst(device, p);
        byDevice.add(w);
        return w;
    }

    public Future<Void> response(Patient p, Response r, Judgement j) {
        Status status = j.severity().map(PatientFeedback::status).orElse(Status.NORMAL);
        return send(r.deviceId(), texts.response(settings.languageOf(p.id()), p.careTeam(), status, r.questionnaire().rule()), r.msgId());
    }

    /**
     * A nurse acknowledged an alert: the patient's devices are told the care team has seen it,
     * with the team's note to the patient when there is one. Technical alerts (a battery) are
     * the technicians' business and say nothing to the patient.
     */
    public Future<Void> seen(OpenAlert alert, Optional<String> patientNote) {
        if (alert.key().isDevice()) {
            return Future.succeededFuture();
        }
        Optional<Patient> p = registry.get().patient(alert.key().patient());
        if (p.isEmpty()) {
            return Future.succeededFuture();
        }
        FeedbackTexts.Seen what = !alert.key().type().equals(SymptomVerdicts.TYPE) ? FeedbackTexts.Seen.READING
                : alert.key().equals(SymptomVerdicts.combinedKey(alert.key().patient())) ? FeedbackTexts.Seen.BOTH : FeedbackTexts.Seen.ANSWERS;
        FeedbackMessage m = texts.seen(settings.languageOf(p.get().id()), what, alert.readingTs(), patientNote);
        return Future.all(p.get().devices().stream().map(d -> send(d, m, Optional.empty())).toList()).mapEmpty();
    }

    Judged judge(Patient p, MeasurementType type, double value) {
        Bands b = bands.bands(p, type);
        for (Direction d : DIRECTIONS) {
            if (beyond(b.red(), d, value)) {
                return Judged.RED[d.ordinal()];
            }
        }
        for (Direction d : DIRECTIONS) {
            if (beyond(b.yellow(), d, value)) {
                return Judged.YELLOW[d.ordinal()];
            }
        }
        return Judged.NORMAL;
    }

    private static boolean beyond(Band band, Direction d, double value) {
        return d.limit(band).isPresent() && d.beyond(value, d.limit(band).getAsDouble());
    }

    static Status status(Severity s) {
        return switch (s) {
            case RED -> Status.RED;
            case YELLOW -> Status.YELLOW;
            case BLUE -> Status.NORMAL;
        };
    }

    private Future<Void> send(String deviceId, FeedbackMessage m, Optional<String> msgId) {
        return publish.apply(topic(deviceId), body(m, msgId));
    }

    byte[] body(FeedbackMessage m, Optional<String> msgId) {
        return bodies.write(m, msgId, clock.instant());
    }

    record Judged(Status status, Optional<Direction> side) {
        // A reading's judgement is one of these five: made once, not for every reading.
        static final Judged NORMAL = new Judged(Status.NORMAL, Optional.empty());
        static final Judged[] RED = of(Status.RED);
        static final Judged[] YELLOW = of(Status.YELLOW);

        private static Judged[] of(Status status) {
            Judged[] bySide = new Judged[DIRECTIONS.length];
            for (Direction d : DIRECTIONS) {
                bySide[d.ordinal()] = new Judged(status, Optional.of(d));
            }
            return bySide;
        }
    }

    /** The most urgent of a device's readings in one message. */
    private static final class Worst {
        final String device;
        final Patient patient;
        Status status = Status.NORMAL;
        Optional<MeasurementType> type = Optional.empty();
        Optional<Direction> side = Optional.empty();

        Worst(String device, Patient patient) {
            this.device = device;
            this.patient = patient;
        }

        void consider(MeasurementType t, Judged j) {
            if (type.isEmpty() || j.status().ordinal() > status.ordinal()) {
                status = j.status();
                type = Optional.of(t);
                side = j.side();
            }
        }
    }
}
