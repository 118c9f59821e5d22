package dk.telemed.gateway.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dk.telemed.gateway.questionnaire.AnswerKind;
import dk.telemed.gateway.questionnaire.Item;
import dk.telemed.gateway.questionnaire.StoredResponse;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;

/**
 * The symptom questionnaires as FHIR {@code Questionnaire}s and the stored answers as
 * {@code QuestionnaireResponse}s. Items are coded with LOINC where the questionnaire file gives
 * a code, else with the project's code system {@value #ITEM_SYSTEM} ({@code questionnaire.item});
 * a choice's answers are codings of {@value #ANSWER_SYSTEM}:{@code questionnaire.item}. The
 * texts are the Danish ones, with the English as a translation.
 */
final class QuestionnaireMapper {
    static final String CANONICAL = "urn:telemed:fhir:questionnaire:";
    static final String ITEM_SYSTEM = "urn:telemed:fhir:questionnaire-item";
    static final String ANSWER_SYSTEM = "urn:telemed:fhir:questionnaire-answer";
    static final String CODE_SYSTEM = "urn:telemed:fhir:questionnaire-code";
    static final String SCORE = "urn:telemed:fhir:questionnaire-score";
    static final String SEVERITY = "urn:telemed:fhir:questionnaire-severity";
    static final String LOINC = "http://loinc.org";
    private static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
    private static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";
    private static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";

    private QuestionnaireMapper() {
    }

    /** {@code copd-daily} version 1 is served as {@code copd-daily-v1}. */
    static String id(String questionnaireId, int version) {
        return questionnaireId + "-v" + version;
    }

    static Questionnaire map(dk.telemed.gateway.questionnaire.Questionnaire q) {
        Questionnaire fq = new Questionnaire();
        fq.setId(id(q.id(), q.version()));
        fq.setUrl(CANONICAL + q.id());
        fq.setVersion(Integer.toString(q.version()));
        fq.setName(name(q.id()));
        fq.setTitle(q.title().da());
        translate(fq.getTitleElement(), q.title().en());
        fq.setStatus(Enumerations.PublicationStatus.ACTIVE);
        fq.addSubjectType("Patient");
        fq.setLanguage("da");
        fq.setDescription("Asked " + q.schedule().wireName() + " of patients with " + q.condition().wireName() + ".");
        fq.addCode(q.loinc().map(c -> new Coding(LOINC, c, null)).orElse(new Coding(CODE_SYSTEM, q.id(), q.title().en())));
        for (Item item : q.items()) {
            Questionnaire.QuestionnaireItemComponent fi = fq.addItem();
            fi.setLinkId(item.id());
            fi.setText(item.text().da());
            translate(fi.getTextElement(), item.text().en());
            fi.setRequired(item.required());
            fi.addCode(item.loinc().map(c -> new Coding(LOINC, c, null)).orElse(new Coding(ITEM_SYSTEM, q.id() + "." + item.id(), item.text().en())));
            switch (item.kind()) {
                case YESNO -> fi.setType(Questionnaire.QuestionnaireItemType.BOOLEAN);
                case SCALE -> {
                    fi.setType(Questionnaire.QuestionnaireItemType.INTEGER);
                    fi.addExtension(MIN_VALUE, new IntegerType(item.min()));
                    fi.addExtension(MAX_VALUE, new IntegerType(item.max()));
                }
                case CHOICE -> {
                    fi.setType(Questionnaire.QuestionnaireItemType.CHOICE);
                    for (Item.Option o : item.options()) {
                        fi.addAnswerOption().setValue(new Coding(ANSWER_SYSTEM + ":" + q.id() + "." + item.id(), o.code(), o.text().da()));
                    }
                }
            }
        }
        return fq;
    }

    /**
     * A stored response; {@code q} is its questionnaire when still defined (for item texts and
     * choice displays). The id is derived from the patient, questionnaire and time, so it is stable.
     */
    static QuestionnaireResponse map(String fhirPatientId, StoredResponse r, Optional<dk.telemed.gateway.questionnaire.Questionnaire> q) {
        QuestionnaireResponse fr = new QuestionnaireResponse();
        fr.setId(UUID.nameUUIDFromBytes((r.patient() + "|" + r.questionnaire() + "|" + r.answeredAt()).getBytes(StandardCharsets.UTF_8)).toString());
        fr.setQuestionnaire(CANONICAL + r.questionnaire() + "|" + r.version());
        fr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        fr.setSubject(new Reference("Patient/" + fhirPatientId));
        fr.setAuthoredElement(time(r.answeredAt()));
        fr.addExtension(SCORE, new IntegerType((int) Math.round(r.score())));
        fr.addExtension(SEVERITY, new CodeType(r.severity()));
        r.answers().forEach((itemId, code) -> {
            QuestionnaireResponse.QuestionnaireResponseItemComponent fi = fr.addItem().setLinkId(itemId);
            Optional<Item> item = q.flatMap(x -> x.item(itemId));
            item.ifPresent(i -> fi.setText(i.text().da()));
            AnswerKind kind = item.map(Item::kind).orElse(AnswerKind.CHOICE);
            QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer = fi.addAnswer();
            switch (kind) {
                case YESNO -> answer.setValue(new BooleanType(code.equals("yes")));
                case SCALE -> answer.setValue(new IntegerType(Integer.parseInt(code)));
                case CHOICE -> answer.setValue(new Coding(ANSWER_SYSTEM + ":" + r.questionnaire() + "." + itemId, code,
                        item.flatMap(i -> i.option(code)).map(o -> o.text().da()).orElse(null)));
            }
        });
        return fr;
    }

    private static void translate(StringType element, String english) {
        org.hl7.fhir.r4.model.Extension translation = element.addExtension().setUrl(TRANSLATION);
        translation.addExtension("lang", new CodeType("en"));
        translation.addExtension("content", new StringType(english));
    }

    /** {@code copd-daily} → {@code CopdDaily}: a computable name. */
    private static String name(String id) {
        StringBuilder b = new StringBuilder();
        for (String part : id.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static DateTimeType time(Instant t) {
        return new DateTimeType(Date.from(t), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
    }
}
