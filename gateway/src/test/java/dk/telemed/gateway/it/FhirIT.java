package dk.telemed.gateway.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import dk.telemed.gateway.auth.ClientTokens;
import dk.telemed.testsupport.ApiClient;
import dk.telemed.testsupport.Await;
import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.MqttTestClient;
import dk.telemed.testsupport.ProjectRoot;
import dk.telemed.testsupport.TestStack;
import dk.telemed.testsupport.TestUsers;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR interface end to end, judged by FHIR's own tools: readings go through a real
 * Mosquitto into the packaged gateway and a real InfluxDB; HAPI FHIR's generic client reads
 * every kind of answer with a system's bearer token, and HAPI's validator (R4 base and
 * vital-signs profiles, offline) must find no error in any of them.
 */
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
class FhirIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String REGISTRY = """
            patients:
              - { id: p-fhir, careTeam: nord-akut, conditions: [copd, diabetes],
                  devices: [oxi-f1, spiro-f1, scale-f1, gluco-f1, bp-f1, thermo-f1] }
              - { id: p-thr,  careTeam: nord-akut, conditions: [copd], devices: [oxi-t1] }
              - { id: p-many, careTeam: nord-akut, conditions: [copd], devices: [pulse-m1] }
              - { id: p-other, careTeam: syd, conditions: [copd], devices: [oxi-o1] }
            """;
    static final FhirContext FHIR = FhirContext.forR4();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestStack stack;
    static GatewayProcess gateway;
    static MqttTestClient device;
    static String nordToken;
    static String sydToken;
    static IGenericClient client;
    static FhirValidation validation;
    static Instant base;
    static TestUsers users;
    static Path auditLog;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of("target/it/FhirIT");
        stack = TestStack.start(dir, REGISTRY);
        SecureRandom random = new SecureRandom();
        nordToken = ClientTokens.newToken(random);
        sydToken = ClientTokens.newToken(random);
        Path clients = Files.writeString(dir.resolve("clients.yaml"), """
                clients:
                  - { name: gp-nord, careTeams: [nord-akut], tokenHash: "%s" }
                  - { name: hospital-syd, careTeams: [syd], tokenHash: "%s" }
                """.formatted(ClientTokens.hashed(nordToken), ClientTokens.hashed(sydToken))).toAbsolutePath();
        users = new TestUsers().add("nina", "nurse", "nord-akut").add("sara", "nurse", "syd").add("adam", "admin");
        auditLog = dir.resolve("audit.log").toAbsolutePath();
        gateway = stack.track(stack.gateway("fhir-it").users(users.write(dir)).env(Map.of("TELEMED_CLIENTS", clients.toString(),
                "TELEMED_AUDIT_PATH", auditLog.toString(),
                "TELEMED_RULES_THRESHOLDS", ProjectRoot.config("thresholds.yaml").toAbsolutePath().toString())).start());
        Await.until("gateway ready", WAIT, () -> gateway.get("/ready") == 200);
        device = MqttTestClient.connect(stack.broker().url(), "fhir-it-device");
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient(gateway.url() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(nordToken));
        validation = new FhirValidation(FHIR);
        base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        publishMixedStream();
    }

    @AfterAll
    static void stop() {
        if (device != null) {
            device.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static void publishMixedStream() {
        Instant t = base;
        publish("oxi-f1", "oxi-1", """
                {"msgId": "oxi-1", "readings": [
                  {"ts": "%s", "type": "spo2", "value": 91, "unit": "%%"},
                  {"ts": "%s", "type": "pulse", "value": 72, "unit": "/min"},
                  {"ts": "%s", "type": "resp_rate", "value": 16, "unit": "/min"}]}""".formatted(t, t, t));
        publish("spiro-f1", "spiro-1", """
                {"msgId": "spiro-1", "readings": [
                  {"ts": "%s", "type": "fev1", "value": 1.42, "unit": "L"},
                  {"ts": "%s", "type": "fvc", "value": 2.61, "unit": "L"},
                  {"ts": "%s", "type": "pef", "value": 4, "unit": "L/s"}]}""".formatted(t.plusSeconds(60), t.plusSeconds(60), t.plusSeconds(60)));
        publish("scale-f1", "scale-1", """
                {"msgId": "scale-1", "ts": "%s", "type": "weight", "value": 80.5, "unit": "kg"}""".formatted(t.plusSeconds(120)));
        publish("gluco-f1", "gluco-1", """
                {"msgId": "gluco-1", "readings": [
                  {"ts": "%s", "type": "glucose", "value": 2.6, "unit": "mmol/L"},
                  {"ts": "%s", "type": "ketones", "value": 0.4, "unit": "mmol/L"}]}""".formatted(t.plusSeconds(180), t.plusSeconds(181)));
        publish("thermo-f1", "thermo-1", """
                {"msgId": "thermo-1", "ts": "%s", "type": "temperature", "value": 36.8, "unit": "Cel"}""".formatted(t.plusSeconds(240)));
        publish("bp-f1", "bp-1", """
                {"msgId": "bp-1", "readings": [
                  {"ts": "%s", "type": "bp_sys", "value": 130, "unit": "mm[Hg]"},
                  {"ts": "%s", "type": "bp_dia", "value": 85, "unit": "mm[Hg]"},
                  {"ts": "%s", "type": "bp_sys", "value": 141, "unit": "mmHg"}]}""".formatted(t.plusSeconds(300), t.plusSeconds(300), t.plusSeconds(360)));
        Await.until("the mixed stream stored", WAIT, () -> stack.stored("patient = 'p-fhir'") == 13);
    }

    static void publish(String deviceId, String msgId, String body) {
        device.publish("telemed/v1/devices/" + deviceId + "/readings", body);
    }

    @Test
    void everyKindOfAnswerValidatesWithoutErrors() {
        List<String> errors = new ArrayList<>();
        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        errors.addAll(validation.errors(cs, "metadata"));
        assertThat(cs.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .containsExactlyInAnyOrder("Patient", "Device", "Observation", "Flag", "Questionnaire", "QuestionnaireResponse");

        Patient patient = client.read().resource(Patient.class).withId("p-fhir").execute();
        errors.addAll(validation.errors(patient, "Patient"));
        assertThat(patient.getIdentifier()).singleElement().satisfies(i -> {
            assertThat(i.getSystem()).isEqualTo("urn:telemed:patient");
            assertThat(i.getValue()).isEqualTo("p-fhir");
        });
        assertThat(patient.getName()).isEmpty();

        Device bp = client.read().resource(Device.class).withId("bp-f1").execute();
        errors.addAll(validation.errors(bp, "Device"));
        assertThat(bp.getPatient().getReference()).isEqualTo("Patient/p-fhir");
        assertThat(bp.getType().getText()).contains("systolic blood pressure");

        Bundle all = client.search().byUrl("Observation?patient=p-fhir&_count=100").returnBundle(Bundle.class).execute();
        errors.addAll(validation.errors(all, "Observation search"));
        List<Observation> observations = resources(all, Observation.class);
        // 13 readings; the blood-pressure pair is one panel.
        assertThat(all.getTotal()).isEqualTo(12);
        assertThat(observations).hasSize(12);
        for (Observation o : observations) {
            errors.addAll(validation.errors(o, "Observation " + o.getIdPart()));
            Observation again = client.read().resource(Observation.class).withId(o.getIdPart()).execute();
            assertThat(again.getIdPart()).isEqualTo(o.getIdPart());
            assertThat(FHIR.newJsonParser().encodeResourceToString(again)).isEqualTo(FHIR.newJsonParser().encodeResourceToString(o));
        }

        Bundle flags = client.search().byUrl("Flag?patient=p-fhir&status=active").returnBundle(Bundle.class).execute();
        errors.addAll(validation.errors(flags, "Flag search"));
        resources(flags, Flag.class).forEach(f -> errors.addAll(validation.errors(f, "Flag " + f.getIdPart())));
        assertThat(errors).isEmpty();
    }

    /**
     * The symptom questionnaires and a patient's answers: every Questionnaire and every
     * QuestionnaireResponse validates with no error, each response against its own
     * questionnaire, and responses page one at a time by date, each once.
     */
    @Test
    void questionnairesAndResponsesValidateAgainstEachOtherAndPageByDate() {
        Instant answered = base.plus(10, ChronoUnit.MINUTES);
        String[] bodies = {
                """
                {"msgId": "fq-1", "questionnaire": "copd-daily", "version": 1, "answeredAt": "%s",
                 "answers": {"breathless": true, "cough": true, "sputum_more": false, "sputum_colour": "yellow", "fever": false}}""",
                """
                {"msgId": "fq-2", "questionnaire": "copd-cat", "version": 1, "answeredAt": "%s",
                 "answers": {"cat_cough": 3, "cat_phlegm": 2, "cat_chest": 1, "cat_breathless": 4, "cat_activities": 2,
                             "cat_confidence": 1, "cat_sleep": 2, "cat_energy": 3}}""",
                """
                {"msgId": "fq-3", "questionnaire": "diabetes-daily", "version": 1, "answeredAt": "%s",
                 "answers": {"hypo": "mild", "sick_day": false}}"""};
        for (int i = 0; i < bodies.length; i++) {
            device.publish("telemed/v1/devices/oxi-f1/responses", bodies[i].formatted(answered.plusSeconds(60L * i)));
        }
        Await.until("three responses stored", WAIT, () -> stack.influx().count(TestStack.DB,
                "SELECT count(score) FROM responses WHERE item = '_total' AND patient = 'p-fhir'") == 3);

        Bundle questionnaires = client.search().byUrl("Questionnaire").returnBundle(Bundle.class).execute();
        List<Questionnaire> all = resources(questionnaires, Questionnaire.class);
        assertThat(all).extracting(q -> q.getIdPart()).containsExactly("copd-daily-v1", "copd-cat-v1", "diabetes-daily-v1");
        FhirValidation against = new FhirValidation(FHIR, List.copyOf(all));
        List<String> errors = new ArrayList<>(validation.errors(questionnaires, "Questionnaire search"));
        all.forEach(q -> errors.addAll(validation.errors(q, "Questionnaire " + q.getIdPart())));
        Questionnaire daily = client.read().resource(Questionnaire.class).withId("copd-daily-v1").execute();
        assertThat(daily.getItemFirstRep().getText()).isEqualTo("Er du mere forpustet end normalt?");
        assertThat(daily.getUrl()).isEqualTo("urn:telemed:fhir:questionnaire:copd-daily");

        List<QuestionnaireResponse> seen = new ArrayList<>();
        Bundle page = client.search().byUrl("QuestionnaireResponse?patient=p-fhir&_count=1&date=ge" + answered).returnBundle(Bundle.class).execute();
        for (int guard = 0; guard < 10; guard++) {
            errors.addAll(validation.errors(page, "QuestionnaireResponse page"));
            seen.addAll(resources(page, QuestionnaireResponse.class));
            if (page.getLink("next") == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        seen.forEach(r -> errors.addAll(against.errors(r, "QuestionnaireResponse " + r.getIdPart())));
        assertThat(errors).isEmpty();
        assertThat(seen).extracting(r -> r.getQuestionnaire()).containsExactly("urn:telemed:fhir:questionnaire:copd-daily|1",
                "urn:telemed:fhir:questionnaire:copd-cat|1", "urn:telemed:fhir:questionnaire:diabetes-daily|1");
        assertThat(seen.get(1).getItem()).hasSize(8);
        assertThat(seen.get(1).getExtensionByUrl("urn:telemed:fhir:questionnaire-score").getValue().primitiveValue()).isEqualTo("18");
        assertThat(seen.get(0).getItem()).filteredOn(i -> i.getLinkId().equals("sputum_colour")).singleElement()
                .satisfies(i -> assertThat(i.getAnswerFirstRep().getValueCoding().getCode()).isEqualTo("yellow"));
        assertThat(seen).allSatisfy(r -> assertThat(r.getSubject().getReference()).isEqualTo("Patient/p-fhir"));

        Bundle none = client.search().byUrl("QuestionnaireResponse?patient=p-fhir&date=lt" + answered).returnBundle(Bundle.class).execute();
        assertThat(none.getEntry()).isEmpty();
    }

    @Test
    void observationsSayWhatTheyMean() {
        Bundle all = client.search().byUrl("Observation?patient=p-fhir&_count=100&_sort=date").returnBundle(Bundle.class).execute();
        Map<String, Observation> byCode = resources(all, Observation.class).stream()
                .collect(Collectors.toMap(o -> o.getCode().getCoding().stream().findFirst().map(c -> c.getCode()).orElse("no coding"),
                        o -> o, (a, b) -> a));
        Observation spo2 = byCode.get("2708-6");
        assertThat(spo2.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode())
                .containsExactly("http://loinc.org|2708-6", "http://loinc.org|59408-5", "urn:oid:1.2.208.176.2.1|NPU03011");
        assertThat(spo2.getValueQuantity().getCode()).isEqualTo("%");
        assertThat(spo2.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
        assertThat(spo2.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(spo2.getDevice().getReference()).isEqualTo("Device/oxi-f1");
        // COPD: yellow below 90, red below 88; 91 % is normal.
        assertThat(spo2.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
        assertThat(spo2.getReferenceRangeFirstRep().getLow().getValue().doubleValue()).isEqualTo(90.0);

        Observation pef = byCode.get("33452-4");
        assertThat(pef.getValueQuantity().getValue().doubleValue()).isEqualTo(240.0);
        assertThat(pef.getValueQuantity().getCode()).isEqualTo("L/min");

        Observation glucose = byCode.get("14743-9");
        assertThat(glucose.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("LL");

        Observation panel = byCode.get("85354-9");
        assertThat(panel.getMeta().getProfile()).extracting(p -> p.getValue()).contains("http://hl7.org/fhir/StructureDefinition/bp");
        assertThat(panel.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode() + "=" + c.getValueQuantity().getValue())
                .containsExactly("8480-6=130", "8462-4=85");
        Observation unpaired = byCode.get("8480-6");
        assertThat(unpaired.getValueQuantity().getValue().doubleValue()).isEqualTo(141.0);
        assertThat(unpaired.getComponent()).isEmpty();

        // Ketones have no code in the interface's table: text only, never a guessed code.
        assertThat(byCode.get("no coding").getCode().getText()).contains("hydroxybutyrate");

        Bundle onlyPanel = client.search().byUrl("Observation?patient=p-fhir&code=http://loinc.org|85354-9").returnBundle(Bundle.class).execute();
        assertThat(resources(onlyPanel, Observation.class)).extracting(Resource::getIdPart).containsExactly(panel.getIdPart());
        Bundle onlySystolic = client.search().byUrl("Observation?patient=p-fhir&code=http://loinc.org|8480-6").returnBundle(Bundle.class).execute();
        assertThat(resources(onlySystolic, Observation.class)).extracting(Resource::getIdPart).containsExactly(unpaired.getIdPart());
        Bundle window = client.search().byUrl("Observation?patient=p-fhir&date=ge" + base.plusSeconds(60) + "&date=le" + base.plusSeconds(120))
                .returnBundle(Bundle.class).execute();
        assertThat(window.getTotal()).isEqualTo(4);
    }

    @Test
    void pagingOneAtATimeCrossesReadingsOfTheSameInstantInBothDirections() {
        Set<String> all = new HashSet<>(ids(client.search().byUrl("Observation?patient=p-fhir&_count=100").returnBundle(Bundle.class).execute()));
        for (String sort : List.of("date", "-date")) {
            List<String> paged = new ArrayList<>();
            Bundle page = client.search().byUrl("Observation?patient=p-fhir&_count=1&_sort=" + sort).returnBundle(Bundle.class).execute();
            List<Bundle> pages = new ArrayList<>();
            while (true) {
                pages.add(page);
                paged.addAll(ids(page));
                if (page.getLink("next") == null) {
                    break;
                }
                page = client.loadPage().next(page).execute();
            }
            // The spirometer's three readings share one instant, and so do the two halves of the panel.
            assertThat(paged).as(sort).doesNotHaveDuplicates().hasSize(12);
            assertThat(new HashSet<>(paged)).isEqualTo(all);
            Bundle back = pages.get(pages.size() - 1);
            List<String> backwards = new ArrayList<>(ids(back));
            while (back.getLink("previous") != null) {
                back = client.loadPage().previous(back).execute();
                backwards.addAll(0, ids(back));
            }
            assertThat(backwards).as(sort + " backwards").isEqualTo(paged);
        }
    }

    @Test
    void theHypoIsAnActiveFlagWithTheGlucoseCode() {
        Await.until("hypo alert stored", WAIT, () -> stack.influx().count(TestStack.DB,
                "SELECT count(alert_id) FROM alerts WHERE patient = 'p-fhir' AND type = 'glucose'") > 0);
        Bundle flags = client.search().byUrl("Flag?patient=p-fhir&status=active").returnBundle(Bundle.class).execute();
        Flag hypo = resources(flags, Flag.class).stream()
                .filter(f -> f.getCode().getCodingFirstRep().getCode().equals("14743-9")).findFirst().orElseThrow();
        assertThat(hypo.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(hypo.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("clinical");
        assertThat(hypo.getPeriod().hasStart()).isTrue();
        assertThat(hypo.getExtensionByUrl("urn:telemed:fhir:alert-rule").getValue().primitiveValue()).isEqualTo("glucose.red.below");
        assertThat(hypo.getExtensionByUrl("urn:telemed:fhir:alert-severity").getValue().primitiveValue()).isEqualTo("red");
        Bundle inactive = client.search().byUrl("Flag?patient=p-fhir&status=inactive").returnBundle(Bundle.class).execute();
        assertThat(resources(inactive, Flag.class)).noneMatch(f -> f.getIdPart().equals(hypo.getIdPart()));
    }

    @Test
    void withoutAValidTokenOrOutsideTheCareTeamsItRefusesWithAnOperationOutcome() throws Exception {
        String search = "/fhir/Observation?patient=p-fhir";
        assertOutcome(get(search, null), 401);
        assertOutcome(get(search, "not-a-token"), 401);
        // Another team's patient is answered exactly like an unknown one.
        assertOutcome(get(search, sydToken), 404);
        assertOutcome(get("/fhir/Patient/p-fhir", sydToken), 404);
        assertThat(get("/fhir/Patient/p-fhir", sydToken).body())
                .isEqualTo(get("/fhir/Patient/p-nobody", sydToken).body().replace("p-nobody", "p-fhir"));
        assertThat(get("/fhir/Patient/p-fhir", sydToken).headers().firstValue("Cache-Control")).hasValue("no-store");
        assertOutcome(get("/fhir/Observation?patient=p-fhir&colour=blue", nordToken), 400);
        assertOutcome(get("/fhir/Observation?patient=p-fhir&date=yesterday", nordToken), 400);
        assertOutcome(get("/fhir/Observation?patient=p-fhir&_count=many", nordToken), 400);
        assertOutcome(get("/fhir/Observation", nordToken), 400);
        assertOutcome(get("/fhir/Flag?patient=p-fhir&status=maybe", nordToken), 400);
        assertOutcome(get("/fhir/Observation/not-an-id", nordToken), 404);
        assertThat(get("/fhir/Patient/p-other", sydToken).statusCode()).isEqualTo(200);
        Await.until("FHIR reads in the audit log", WAIT, () -> Files.exists(auditLog) && audit().contains("client:hospital-syd"));
        assertThat(audit()).contains("fhir.read").contains("denied").contains("p-other");
    }

    @Test
    void aSignedInUserReadsTheirCareTeamsPatientsWithTheSessionCookie() {
        ApiClient nina = new ApiClient(gateway.url()).signIn("nina", users.password("nina"));
        ApiClient.Response own = nina.get("/fhir/Observation?patient=p-fhir&_count=1");
        assertThat(own.status()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, own.body());
        assertThat(bundle.getTotal()).isEqualTo(12);
        assertThat(validation.errors(bundle, "a signed-in user's search")).isEmpty();
        assertThat(nina.get("/fhir/Patient/p-other").status()).isEqualTo(404);
        ApiClient sara = new ApiClient(gateway.url()).signIn("sara", users.password("sara"));
        assertThat(sara.get("/fhir/Observation?patient=p-fhir").status()).isEqualTo(404);
        ApiClient adam = new ApiClient(gateway.url()).signIn("adam", users.password("adam"));
        assertThat(adam.get("/fhir/Patient/p-fhir").status()).isEqualTo(404);
        Await.until("the signed-in reads audited", WAIT, () -> audit().contains("\"nina\"") && audit().contains("\"sara\""));
    }

    static String audit() {
        try {
            return Files.exists(auditLog) ? Files.readString(auditLog) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oldReadingsKeepTheThresholdsThatAppliedAfterAClinicianChangesThem() throws Exception {
        Instant before = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        publish("oxi-t1", "thr-1", """
                {"msgId": "thr-1", "ts": "%s", "type": "spo2", "value": 89, "unit": "%%"}""".formatted(before));
        Await.until("first reading stored", WAIT, () -> stack.stored("patient = 'p-thr'") == 1);
        Await.until("first bands recorded", WAIT, () -> versions("p-thr") == 1);

        Files.writeString(stack.registry(), REGISTRY.replace(
                "- { id: p-thr,  careTeam: nord-akut, conditions: [copd], devices: [oxi-t1] }",
                "- { id: p-thr,  careTeam: nord-akut, conditions: [copd], devices: [oxi-t1],\n"
                        + "      thresholds: { spo2: { red: { below: 80 }, yellow: { below: 85 } } } }"));
        Await.until("changed bands recorded", WAIT, () -> versions("p-thr") == 2);
        // Measured after the change took effect (a reading's time has whole seconds here; the change has milliseconds).
        Instant after = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        publish("oxi-t1", "thr-2", """
                {"msgId": "thr-2", "ts": "%s", "type": "spo2", "value": 89, "unit": "%%"}""".formatted(after));
        Await.until("second reading stored", WAIT, () -> stack.stored("patient = 'p-thr'") == 2);

        List<Observation> both = resources(client.search().byUrl("Observation?patient=p-thr&_sort=date").returnBundle(Bundle.class).execute(),
                Observation.class);
        assertThat(both).hasSize(2);
        assertThat(both.get(0).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("L");
        assertThat(both.get(0).getReferenceRangeFirstRep().getLow().getValue().doubleValue()).isEqualTo(90.0);
        assertThat(both.get(1).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
        assertThat(both.get(1).getReferenceRangeFirstRep().getLow().getValue().doubleValue()).isEqualTo(85.0);
        Observation oldAgain = client.read().resource(Observation.class).withId(both.get(0).getIdPart()).execute();
        assertThat(oldAgain.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("L");
    }

    @Test
    void tenThousandReadingsPageThroughExactlyOnceWhileNewOnesArrive() {
        Instant start = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (int chunk = 0; chunk < 10; chunk++) {
            StringBuilder lines = new StringBuilder();
            for (int i = chunk * 1000; i < (chunk + 1) * 1000; i++) {
                Instant ts = start.plusSeconds(60L * i);
                long nanos = ts.getEpochSecond() * 1_000_000_000L;
                lines.append("readings,device=pulse-m1,patient=p-many,type=pulse value=").append(60 + i % 40).append(' ').append(nanos).append('\n');
            }
            stack.influx().write(TestStack.DB, lines.toString());
        }
        assertThat(stack.stored("patient = 'p-many'")).isEqualTo(10_000);

        Set<String> seen = new HashSet<>();
        Map<String, Instant> measuredAt = new java.util.HashMap<>();
        Set<Instant> published = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Bundle page = client.search().byUrl("Observation?patient=p-many&_sort=date&_count=400").returnBundle(Bundle.class).execute();
        assertThat(page.getTotal()).isEqualTo(10_000);
        errorsOf(page);
        int pages = 0;
        Instant latestNew = Instant.now();
        while (true) {
            pages++;
            for (Observation o : resources(page, Observation.class)) {
                if (!seen.add(o.getIdPart())) {
                    duplicates.add(o.getIdPart());
                }
                measuredAt.put(o.getIdPart(), o.getEffectiveDateTimeType().getValue().toInstant());
            }
            // New readings arrive meanwhile: current ones (after the frozen bound) and a late one inside the range.
            if (pages % 5 == 0) {
                latestNew = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                published.add(latestNew);
                published.add(start.plusSeconds(60L * 9_999 + 30));
                publish("pulse-m1", "new-" + pages, """
                        {"msgId": "new-%d", "readings": [
                          {"ts": "%s", "type": "pulse", "value": 71, "unit": "/min"},
                          {"ts": "%s", "type": "pulse", "value": 72, "unit": "/min"}]}"""
                        .formatted(pages, latestNew, start.plusSeconds(60L * 9_999 + 30)));
            }
            if (page.getLink("next") == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        assertThat(duplicates).isEmpty();
        assertThat(pages).isBetween(25, 26);
        Set<String> seeded = new HashSet<>();
        Bundle check = client.search().byUrl("Observation?patient=p-many&_count=1000&_sort=date&date=le" + start.plusSeconds(60L * 9_999))
                .returnBundle(Bundle.class).execute();
        while (true) {
            resources(check, Observation.class).forEach(o -> seeded.add(o.getIdPart()));
            if (check.getLink("next") == null) {
                break;
            }
            check = client.loadPage().next(check).execute();
        }
        assertThat(seeded).hasSize(10_000);
        assertThat(seen).containsAll(seeded);
        // Readings that arrived while paging may join once when they lie ahead of the client's position; nothing else does.
        Set<String> extra = new HashSet<>(seen);
        extra.removeAll(seeded);
        assertThat(extra).allSatisfy(id -> assertThat(published).contains(measuredAt.get(id)));
        assertThat(latestNew).isAfter(start);

        // And back: previous links from the last page lead to the first page again.
        Bundle back = client.search().byUrl("Observation?patient=p-many&_sort=date&_count=5000").returnBundle(Bundle.class).execute();
        assertThat(resources(back, Observation.class)).hasSizeLessThanOrEqualTo(1000);
        Bundle last = client.search().byUrl("Observation?patient=p-many&_sort=-date&_count=3").returnBundle(Bundle.class).execute();
        Bundle second = client.loadPage().next(last).execute();
        Bundle firstAgain = client.loadPage().previous(second).execute();
        assertThat(ids(firstAgain)).isEqualTo(ids(last));
    }

    void errorsOf(Bundle page) {
        assertThat(validation.errors(page, "a page of 400")).isEmpty();
    }

    static long versions(String patient) {
        return stack.influx().count(TestStack.DB, "SELECT count(limits) FROM thresholds WHERE patient = '" + patient + "' AND type = 'spo2'");
    }

    static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdPart()).toList();
    }

    static <T extends Resource> List<T> resources(Bundle b, Class<T> type) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertOutcome(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/fhir+json");
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank();
        assertThat(validation.errors(outcome, "OperationOutcome " + status)).isEmpty();
    }
}
