package dk.telemed.gateway;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.GatewayConfig;
import dk.telemed.gateway.feedback.FeedbackOutbox;
import dk.telemed.gateway.feedback.FeedbackSettings;
import dk.telemed.gateway.feedback.FeedbackSettingsParser;
import dk.telemed.gateway.feedback.FeedbackTexts;
import dk.telemed.gateway.feedback.PatientFeedback;
import dk.telemed.gateway.fhir.FhirApi;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.Route;
import dk.telemed.gateway.questionnaire.MissingAnswers;
import dk.telemed.gateway.questionnaire.Questionnaires;
import dk.telemed.gateway.questionnaire.QuestionnairesWatcher;
import dk.telemed.gateway.questionnaire.ResponseDecoder;
import dk.telemed.gateway.questionnaire.ResponseIntake;
import dk.telemed.gateway.questionnaire.ResponseMetrics;
import dk.telemed.gateway.questionnaire.ResponseStore;
import dk.telemed.gateway.questionnaire.SymptomJudge;
import dk.telemed.gateway.registry.RegistryWatcher;
import dk.telemed.gateway.rules.BandResolver;
import dk.telemed.gateway.rules.ClinicalDefaults;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.RulesLanes;
import dk.telemed.gateway.store.InfluxClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Assembles the patient's side of the gateway: symptom responses in (questionnaire), judged
 * through the rules engine's alert lifecycle, and feedback to the patient's device. Part of the
 * composition root; {@link Gateway} calls it at the few places where the patient's side joins
 * the readings' path.
 */
final class PatientSide {
    private static final Logger LOG = LoggerFactory.getLogger(PatientSide.class);
    /** How far back the last answers are read at start for the missing-answer clock. */
    private static final int LAST_ANSWERS_DAYS = 60;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final QuestionnairesWatcher questionnaires;
    private final ResponseStore store;
    private final ResponseIntake intake;
    private final SymptomJudge judge;
    private final PatientFeedback feedback;
    private final Backoff restoreRetries;
    private long missingTimer = -1;
    private boolean stopped;

    /** The patient's side's files, read before anything is built: the questionnaires and the feedback settings. */
    record Files(QuestionnairesWatcher questionnaires, FeedbackSettings feedback) {
        static Files load(Vertx vertx, GatewayConfig config) throws ConfigException {
            return new Files(QuestionnairesWatcher.load(vertx, config.questionnaires().path()),
                    FeedbackSettingsParser.load(config.feedback().path()));
        }
    }

    /**
     * @param publish        QoS 1 publishing through the gateway's broker session, of what a message's acknowledgement waits for
     * @param routine        the same, behind everything {@code publish} has waiting: the feedback to the patient's device
     * @param readingsOutbox the readings' feedback on its way out through {@code routine}, paced per device
     */
    PatientSide(Vertx vertx, GatewayConfig config, Files files, RegistryWatcher registry, ClinicalDefaults defaults,
                RulesLanes rules, InfluxClient influx, WorkerExecutor workers, AckSequencer acks,
                BiFunction<String, byte[], Future<Void>> publish, BiFunction<String, byte[], Future<Void>> routine,
                FeedbackOutbox readingsOutbox, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.questionnaires = files.questionnaires();
        FeedbackSettings settings = files.feedback();
        this.feedback = new PatientFeedback(routine, readingsOutbox, registry, new BandResolver(defaults), settings,
                new FeedbackTexts(settings, config.rules().zone()), clock);
        this.judge = new SymptomJudge(rules::judge, registry, questionnaires,
                new MissingAnswers(config.rules().zone(), clock.instant()), clock);
        this.store = new ResponseStore(influx, workers);
        ResponseIntake.Outcome outcome = (patient, response, judgement) -> judge.response(patient, response, judgement)
                .compose(v -> feedback.response(patient, response, judgement));
        this.intake = new ResponseIntake(vertx, new ResponseIntake.Parts(
                new ResponseDecoder(clock, config.ingest().maxPayloadBytes(), Duration.ofSeconds(config.ingest().maxFutureSkewSeconds())),
                registry, questionnaires, new DuplicateFilter(config.ingest().dedupCapacity()), store,
                new RejectionPublisher(publish, config.ingest().maxRejectionsPerMessage()), acks, new ResponseMetrics(meters), outcome),
                Backoff.of(config.influx()), clock);
        this.restoreRetries = Backoff.of(config.influx());
    }

    /** The responses subscription. */
    Route route() {
        return Route.onEventLoop(ResponseIntake.filter(), 1, ResponseIntake::isResponsesTopic, intake::handle);
    }

    /**
     * Readings received here and judged (or handed to their member): symptoms and readings are
     * looked at together, and the patient is told (without holding up the acknowledgement).
     */
    Future<Void> readings(List<Reading> stored, List<DeviceLimit> limits) {
        feedback.readings(stored, limits);
        return judge.readings(stored);
    }

    /** A nurse acknowledged an alert: the patient's devices hear that the care team has seen it. */
    Future<Void> acknowledged(OpenAlert alert, Optional<String> patientNote) {
        return feedback.seen(alert, patientNote);
    }

    Supplier<Questionnaires> questionnaires() {
        return questionnaires;
    }

    /** The stored responses, for FHIR: blocking, on its worker pool. */
    FhirApi.StoredResponses storedResponses() {
        return store::responses;
    }

    void start() {
        questionnaires.watch(Duration.ofMillis(config.questionnaires().reloadIntervalMs()));
        restoreLastAnswers(restoreRetries.firstMs());
    }

    private void restoreLastAnswers(long backoffMs) {
        store.lastAnswers(LAST_ANSWERS_DAYS).onSuccess(last -> {
            if (stopped) {
                return;
            }
            judge.restore(last);
            missingTimer = vertx.setPeriodic(config.questionnaires().missingCheckSeconds() * 1000L, id -> judge.checkMissing());
        }).onFailure(e -> {
            if (stopped) {
                return;
            }
            LOG.warn("cannot read the last symptom answers from InfluxDB yet ({}); retrying in {} ms", e.getMessage(), backoffMs);
            vertx.setTimer(backoffMs, id -> restoreLastAnswers(restoreRetries.afterMs(backoffMs)));
        });
    }

    void stop() {
        stopped = true;
        intake.stop();
        questionnaires.stop();
        if (missingTimer >= 0) {
            vertx.cancelTimer(missingTimer);
        }
    }
}
