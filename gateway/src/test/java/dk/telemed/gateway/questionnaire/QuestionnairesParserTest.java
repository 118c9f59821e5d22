package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped questionnaires parse; a bad file is refused with every problem named, and a bad reload keeps the last good one. */
class QuestionnairesParserTest {
    @TempDir
    Path dir;
    Vertx vertx;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theShippedFileDefinesTheThreeQuestionnairesWithTheirRules() {
        Questionnaires q = Shipped.questionnaires();
        assertThat(q.all()).extracting(Questionnaire::id).containsExactly("copd-daily", "copd-cat", "diabetes-daily");
        Questionnaire daily = q.find("copd-daily", 1).orElseThrow();
        assertThat(daily.condition()).isEqualTo(Condition.COPD);
        assertThat(daily.schedule()).isEqualTo(Schedule.DAILY);
        assertThat(daily.item("breathless").orElseThrow().text().da()).isEqualTo("Er du mere forpustet end normalt?");
        assertThat(daily.item("fever").orElseThrow().required()).isFalse();
        assertThat(daily.rule()).isEqualTo(new SymptomRule.Anthonisen("breathless", "sputum_more", "sputum_colour",
                java.util.Set.of("yellow", "green"), 2, 3));
        Questionnaire cat = q.find("copd-cat", 1).orElseThrow();
        assertThat(cat.items()).hasSize(8).allSatisfy(i -> {
            assertThat(i.kind()).isEqualTo(AnswerKind.SCALE);
            assertThat(i.min()).isZero();
            assertThat(i.max()).isEqualTo(5);
        });
        assertThat(cat.rule()).isEqualTo(new SymptomRule.CatScore(20, 2, 2));
        assertThat(q.find("diabetes-daily", 1).orElseThrow().rule()).isInstanceOf(SymptomRule.Hypo.class);
        assertThat(q.combined()).isEqualTo(new CombinedRule(true, MeasurementType.SPO2, Duration.ofHours(24), Severity.RED));
        assertThat(q.askedOf(Shipped.patient("p-1", "copd"))).extracting(Questionnaire::id).containsExactly("copd-daily", "copd-cat");
        assertThat(q.askedOf(Shipped.patient("p-2", "copd+diabetes"))).hasSize(3);
    }

    @Test
    void eachRuleNamesItsSourceInAComment() {
        String text = Shipped.text();
        assertThat(text).contains("Anthonisen NR et al.", "Jones PW et al.", "Kon SSC et al.", "Hypoglycaemia Study Group", "GOLD 2024");
    }

    @Test
    void aBadFileIsRefusedWithEveryProblemNamed() {
        String bad = """
                questionnaires:
                  - id: copd-daily
                    version: 0
                    condition: asthma
                    schedule: hourly
                    title: { da: "x" }
                    items:
                      - { id: Breathless, text: { da: a, en: b }, answer: yesno }
                      - { id: level, text: { da: a, en: b }, answer: scale, min: 5, max: 2 }
                      - { id: colour, text: { da: a, en: b }, answer: choice, options: [ { code: one, da: a, en: b } ] }
                    rule:
                      anthonisen: { breathlessness: nothing, sputumVolume: level, purulence: colour, purulentCodes: [green] }
                combined: { enabled: maybe, type: spo3, windowHours: 0, severity: blue }
                surprise: 1
                """;
        assertThatThrownBy(() -> new QuestionnairesParser().parse(bad, "q.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("q.yaml: .questionnaires[0].version: expected a whole number from 1")
                .hasMessageContaining("condition: 'asthma' is not one of copd, diabetes")
                .hasMessageContaining("schedule: 'hourly' is not daily or weekly")
                .hasMessageContaining(".title.en: expected text")
                .hasMessageContaining("items[0].id: 'Breathless' must match")
                .hasMessageContaining("items[1]: a scale's max (2) must be above its min (5)")
                .hasMessageContaining("items[2].options: a choice item needs a list of at least two options")
                .hasMessageContaining("breathlessness: 'nothing' is not an item of this questionnaire")
                .hasMessageContaining(".combined.enabled: expected true or false")
                .hasMessageContaining(".combined.type: 'spo3' is not a measurement type")
                .hasMessageContaining(".combined.windowHours: expected a whole number from 1")
                .hasMessageContaining(".combined.severity: 'blue' must be red or yellow")
                .hasMessageContaining(".surprise: unknown key");
    }

    @Test
    void aCatOverrideForAPatientMustBeWithinTheScore() {
        assertThatThrownBy(() -> new QuestionnairesParser().parse(Shipped.text().replace("patients: {}",
                "patients:\n  p-1: { cat: { yellowAbove: 41 } }\n  'bad id!': { cat: { yellowAbove: 10 } }"), "q.yaml"))
                .hasMessageContaining(".patients.p-1.cat.yellowAbove: expected a whole number from 0 to 40, is 41")
                .hasMessageContaining("'bad id!' is not a patient id");
    }

    @Test
    void aBadReloadKeepsTheLastGoodQuestionnaires() throws Exception {
        vertx = Vertx.vertx();
        Path file = Files.writeString(dir.resolve("questionnaires.yaml"), Shipped.text());
        QuestionnairesWatcher watcher = QuestionnairesWatcher.load(vertx, file.toString());
        Questionnaires first = watcher.get();
        Files.writeString(file, Shipped.text().replace("yellowAbove: 20", "yellowAbove: fifty"));
        assertThat(reload(watcher)).isFalse();
        assertThat(watcher.get()).isSameAs(first);
        Files.writeString(file, Shipped.text().replace("yellowAbove: 20", "yellowAbove: 22"));
        assertThat(reload(watcher)).isTrue();
        assertThat(watcher.get().find("copd-cat", 1).orElseThrow().rule()).isEqualTo(new SymptomRule.CatScore(22, 2, 2));
    }

    @Test
    void aMissingFileThatIsNotTheShippedPathStopsTheStart() {
        vertx = Vertx.vertx();
        assertThatThrownBy(() -> QuestionnairesWatcher.load(vertx, dir.resolve("none.yaml").toString()))
                .hasMessageContaining("none.yaml: no such file (questionnaires.path");
    }

    static boolean reload(QuestionnairesWatcher w) throws Exception {
        return w.reloadIfChanged().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
