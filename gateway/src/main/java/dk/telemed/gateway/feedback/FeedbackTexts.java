package dk.telemed.gateway.feedback;

import dk.telemed.gateway.feedback.FeedbackMessage.Kind;
import dk.telemed.gateway.feedback.FeedbackMessage.Status;
import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.Language;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.questionnaire.SymptomRule;
import dk.telemed.gateway.questionnaire.Text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sentences the patient reads, Danish and English. Short, in plain words, and only about
 * what the patient sent and what the care team wrote for them: never another patient, an
 * alert id, a rule's name or a nurse's username.
 */
public final class FeedbackTexts {
    private static final Map<MeasurementType, Text> NAMES = Map.ofEntries(
            Map.entry(MeasurementType.SPO2, new Text("iltmætning", "oxygen saturation")),
            Map.entry(MeasurementType.PULSE, new Text("puls", "pulse")),
            Map.entry(MeasurementType.RESP_RATE, new Text("vejrtrækning", "breathing rate")),
            Map.entry(MeasurementType.WEIGHT, new Text("vægt", "weight")),
            Map.entry(MeasurementType.FEV1, new Text("lungefunktion (FEV1)", "lung function (FEV1)")),
            Map.entry(MeasurementType.FVC, new Text("lungefunktion (FVC)", "lung function (FVC)")),
            Map.entry(MeasurementType.PEF, new Text("peak flow", "peak flow")),
            Map.entry(MeasurementType.GLUCOSE, new Text("blodsukker", "blood sugar")),
            Map.entry(MeasurementType.KETONES, new Text("ketoner", "ketones")),
            Map.entry(MeasurementType.TEMPERATURE, new Text("temperatur", "temperature")),
            Map.entry(MeasurementType.BP_SYS, new Text("blodtryk", "blood pressure")),
            Map.entry(MeasurementType.BP_DIA, new Text("blodtryk", "blood pressure")));
    /** What most readings' feedback says. */
    private static final Text WITHIN_LIMITS = new Text("Tak, din måling er modtaget. Den er inden for dine grænser.",
            "Thank you, your reading has been received. It is within your limits.");
    private static final DateTimeFormatter DA_TIME = DateTimeFormatter.ofPattern("d.M. 'kl.' HH:mm", Locale.forLanguageTag("da"));
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("d MMM 'at' HH:mm", Locale.ENGLISH);

    private final FeedbackSettings settings;
    private final ZoneId zone;

    public FeedbackTexts(FeedbackSettings settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
    }

    /** A message's readings, judged against the patient's bands: the worst one speaks. */
    public FeedbackMessage reading(Language l, String careTeam, Status status, Optional<MeasurementType> worst, Optional<Direction> side) {
        if (status == Status.NORMAL) {
            return message(Kind.READING, status, l, WITHIN_LIMITS);
        }
        Text name = worst.map(NAMES::get).orElse(new Text("måling", "reading"));
        if (status == Status.YELLOW) {
            return message(Kind.READING, status, l, new Text(
                    "Tak, din måling er modtaget. Din " + name.da() + " er lidt uden for dine grænser; dit plejeteam ser på den.",
                    "Thank you, your reading has been received. Your " + name.en() + " is a little outside your limits; your care team will look at it."));
        }
        Text advice = redAdvice(worst.orElse(null), side.orElse(Direction.BELOW), name);
        return message(Kind.READING, status, l, join(advice, call(careTeam)));
    }

    private static Text redAdvice(MeasurementType type, Direction side, Text name) {
        if (type == MeasurementType.GLUCOSE && side == Direction.BELOW) {
            return new Text("Dit blodsukker er for lavt. Spis eller drik 15-20 g hurtigt sukker nu (fx 2 dl juice eller 5 druesukkertabletter), "
                    + "og mål igen om 15 minutter. Gentag, hvis det stadig er lavt. Bliver du sløv eller forvirret, skal en anden ringe 112.",
                    "Your blood sugar is too low. Eat or drink 15-20 g of fast sugar now (e.g. a glass of juice or 5 glucose tablets), "
                            + "and measure again in 15 minutes. Repeat if it is still low. If you become drowsy or confused, someone must call 112.");
        }
        if (type == MeasurementType.GLUCOSE) {
            return new Text("Dit blodsukker er for højt. Drik vand, mål ketoner hvis du kan, og mål blodsukker igen om 1-2 timer.",
                    "Your blood sugar is too high. Drink water, measure ketones if you can, and measure your blood sugar again in 1-2 hours.");
        }
        if (type == MeasurementType.SPO2) {
            return new Text("Din iltmætning er lav. Sid stille og hvil i 5 minutter, og mål igen. Er den stadig lav, eller får du det værre, så ring.",
                    "Your oxygen saturation is low. Sit still and rest for 5 minutes, then measure again. If it is still low, or you feel worse, call.");
        }
        return new Text("Din " + name.da() + " er langt uden for dine grænser. Mål igen om lidt; er den stadig uden for, så ring.",
                "Your " + name.en() + " is well outside your limits. Measure again shortly; if it is still outside, call.");
    }

    /** A symptom response, judged by its questionnaire's rule. */
    public FeedbackMessage response(Language l, String careTeam, Status status, SymptomRule rule) {
        if (status == Status.NORMAL) {
            return message(Kind.RESPONSE, status, l, new Text("Tak for dine svar. De er modtaget.", "Thank you for your answers. They have been received."));
        }
        if (status == Status.YELLOW) {
            return message(Kind.RESPONSE, status, l, new Text("Tak for dine svar. Dit plejeteam ser på dem i dag.",
                    "Thank you for your answers. Your care team will look at them today."));
        }
        Text advice = rule instanceof SymptomRule.Hypo
                ? new Text("Du har haft et svært lavt blodsukker. Dit plejeteam skal vide det i dag. Har du lavt blodsukker nu: spis hurtigt sukker og mål igen.",
                "You have had a severe low blood sugar. Your care team needs to know today. If your blood sugar is low now: eat fast sugar and measure again.")
                : new Text("Dine svar tyder på en forværring af din KOL. Følg din handleplan, fx din anfaldsmedicin.",
                "Your answers suggest your COPD is getting worse. Follow your action plan, e.g. your reliever medicine.");
        return message(Kind.RESPONSE, status, l, join(advice, call(careTeam)));
    }

    /** What an acknowledged alert was about, as the patient knows it. */
    public enum Seen {
        READING(new Text("din måling", "your reading")),
        ANSWERS(new Text("dine svar", "your answers")),
        BOTH(new Text("din måling og dine svar", "your reading and your answers"));

        private final Text words;

        Seen(Text words) {
            this.words = words;
        }
    }

    /** A nurse acknowledged an alert about what the patient sent, with the team's optional note to the patient. */
    public FeedbackMessage seen(Language l, Seen what, Optional<Instant> sent, Optional<String> patientNote) {
        String whenDa = sent.map(t -> " fra " + DA_TIME.format(t.atZone(zone))).orElse("");
        String whenEn = sent.map(t -> " from " + EN_TIME.format(t.atZone(zone))).orElse("");
        Text seen = new Text("Dit plejeteam har set " + what.words.da() + whenDa + ".", "Your care team has seen " + what.words.en() + whenEn + ".");
        Text note = patientNote.map(n -> new Text(" Besked fra dit plejeteam: " + n, " Message from your care team: " + n)).orElse(new Text("", ""));
        return message(Kind.SEEN, Status.NORMAL, l, new Text(seen.da() + note.da(), seen.en() + note.en()));
    }

    private Text call(String careTeam) {
        Optional<TeamContact> team = settings.team(careTeam);
        Text reach = team.map(t -> new Text(" Ring til dit plejeteam på " + t.phone() + " (" + t.hours().da() + ").",
                " Call your care team on " + t.phone() + " (" + t.hours().en() + ").")).orElse(new Text("", ""));
        return new Text(reach.da() + " " + settings.outOfHours().da(), reach.en() + " " + settings.outOfHours().en());
    }

    private static Text join(Text a, Text b) {
        return new Text(a.da() + b.da(), a.en() + b.en());
    }

    private static FeedbackMessage message(Kind kind, Status status, Language l, Text text) {
        return new FeedbackMessage(kind, status, l, text.in(l));
    }
}
