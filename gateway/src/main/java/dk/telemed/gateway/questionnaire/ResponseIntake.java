package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.config.Backoff;
import dk.telemed.gateway.ingest.DuplicateFilter;
import dk.telemed.gateway.ingest.Rejection;
import dk.telemed.gateway.ingest.RejectionPublisher;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One symptom response from receipt to acknowledgement, with the readings' guarantees:
 * validated (a coded rejection for every problem), attributed to the device's patient, a
 * redelivered {@code msgId} dropped, stored in the {@code responses} measurement, judged by
 * the symptom rules, the patient told, and only then acknowledged to the broker. A failed
 * write is retried until InfluxDB takes it; meanwhile nothing after it is acknowledged.
 */
public final class ResponseIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseIntake.class);
    private static final String PREFIX = "telemed/v1/devices/";
    private static final String SUFFIX = "/responses";
    static final String INVALID_DEVICE = "_invalid_device_id";
    /** How many earlier totals a CAT judgement looks at: more than any held-answers setting needs. */
    private static final int HISTORY = 10;

    /** What happens to a valid response once it is stored; the message is acknowledged when this completes. */
    public interface Outcome {
        Future<Void> stored(Patient patient, Response response, Judgement judgement);
    }

    /** Collaborators; grouped because the intake has many and each is needed. */
    public record Parts(ResponseDecoder decoder, Supplier<PatientRegistry> registry, Supplier<Questionnaires> questionnaires,
                        DuplicateFilter duplicates, ResponseStore store, RejectionPublisher rejections, AckSequencer acks,
                        ResponseMetrics metrics, Outcome outcome) {
    }

    private final Vertx vertx;
    private final Parts parts;
    private final Backoff backoff;
    private final Clock clock;
    /** Responses being stored and judged, by device and msgId: a redelivery that arrives meanwhile is the same response. */
    private final Set<String> inFlight = new HashSet<>();
    private boolean stopped;

    public ResponseIntake(Vertx vertx, Parts parts, Backoff backoff, Clock clock) {
        this.vertx = vertx;
        this.parts = parts;
        this.backoff = backoff;
        this.clock = clock;
    }

    public static String filter() {
        return PREFIX + "+" + SUFFIX;
    }

    public static boolean isResponsesTopic(String topic) {
        return topic.startsWith(PREFIX) && topic.endsWith(SUFFIX) && topic.length() > PREFIX.length() + SUFFIX.length();
    }

    /** Takes no new messages: what arrives from now on stays with the broker. */
    public void stop() {
        stopped = true;
    }

    public void handle(InboundMessage message) {
        if (stopped) {
            return;
        }
        AckSequencer.Ticket ticket = parts.acks().register(message);
        Instant receivedAt = clock.instant();
        String topic = message.topic();
        String deviceId = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
        ResponseDecoder.Parsed parsed = parts.decoder().parse(message.payload());
        if (!Identifiers.isValid(deviceId)) {
            finishRejected(ticket, INVALID_DEVICE, parsed.msgId(), List.of(Rejection.ofMessage(RejectionCode.BAD_DEVICE_ID,
                    "the topic's device id must match " + Identifiers.PATTERN_TEXT)), receivedAt);
            return;
        }
        Optional<Patient> owner = parts.registry().get().ownerOf(deviceId);
        if (owner.isEmpty()) {
            finishRejected(ticket, deviceId, parsed.msgId(), List.of(Rejection.ofMessage(RejectionCode.UNKNOWN_DEVICE,
                    "device " + deviceId + " is not registered to any patient; add it to the patient registry")), receivedAt);
            return;
        }
        Patient patient = owner.get();
        parts.metrics().received();
        if (parsed instanceof ResponseDecoder.Parsed.Bad bad) {
            finishRejected(ticket, deviceId, bad.msgId(), List.of(bad.rejection()), receivedAt);
            return;
        }
        if (parsed.msgId().isPresent() && (parts.duplicates().alreadyHandled(deviceId, parsed.msgId().get())
                || inFlight.contains(deviceId + "|" + parsed.msgId().get()))) {
            // Acknowledged in order: not before the first delivery's own acknowledgement.
            parts.metrics().duplicate();
            parts.acks().done(ticket);
            return;
        }
        ResponseDecoder.Decoded decoded = parts.decoder().decode((ResponseDecoder.Parsed.Ok) parsed, deviceId, patient,
                parts.questionnaires().get());
        if (decoded instanceof ResponseDecoder.Decoded.Invalid invalid) {
            finishRejected(ticket, deviceId, parsed.msgId(), invalid.rejections(), receivedAt);
            return;
        }
        accept(ticket, patient, ((ResponseDecoder.Decoded.Valid) decoded).response());
    }

    private void accept(AckSequencer.Ticket ticket, Patient patient, Response r) {
        Optional<String> flight = r.msgId().map(id -> r.deviceId() + "|" + id);
        flight.ifPresent(inFlight::add);
        SymptomRule rule = parts.questionnaires().get().ruleFor(patient.id(), r.questionnaire());
        Future<List<Integer>> history = rule instanceof SymptomRule.CatScore
                ? retrying(() -> parts.store().previousTotals(patient.id(), r.questionnaire().id(), r.answeredAt(), HISTORY), "read")
                : Future.succeededFuture(List.of());
        history.compose(previous -> {
            Judgement j = SymptomRules.judge(r, rule, previous);
            return store(r, j).compose(storedOk -> {
                if (!storedOk) {
                    return Future.succeededFuture();
                }
                parts.metrics().stored();
                parts.metrics().judged(j.severity());
                return parts.outcome().stored(patient, r, j);
            });
        }).onComplete(done -> {
            flight.ifPresent(inFlight::remove);
            if (done.failed()) {
                LOG.warn("response {} from device {} not acknowledged: {}", r.msgId().orElse("(no msgId)"), r.deviceId(),
                        done.cause().getMessage());
                return;
            }
            r.msgId().ifPresent(id -> parts.duplicates().handled(r.deviceId(), id));
            parts.acks().done(ticket);
        });
    }

    /** Completes with true once written; false when InfluxDB refused the points for their data (then rejected as store_refused). */
    private Future<Boolean> store(Response r, Judgement j) {
        Promise<Boolean> done = Promise.promise();
        attemptWrite(r, j, backoff.firstMs(), done);
        return done.future();
    }

    private void attemptWrite(Response r, Judgement j, long backoffMs, Promise<Boolean> done) {
        parts.store().write(r, j).onComplete(result -> {
            if (result.succeeded()) {
                done.complete(true);
            } else if (ResponseStore.isRefusal(result.cause())) {
                parts.metrics().rejected(RejectionCode.STORE_REFUSED);
                parts.rejections().publish(r.deviceId(), r.msgId(), List.of(Rejection.ofMessage(RejectionCode.STORE_REFUSED,
                        "InfluxDB refused the response answered at " + r.answeredAt() + ": " + result.cause().getMessage())), clock.instant())
                        .onComplete(p -> done.handle(p.map(false)));
            } else if (stopped) {
                done.fail(result.cause());
            } else {
                LOG.warn("response of device {} not stored, retrying in {} ms; nothing after it is acknowledged meanwhile: {}",
                        r.deviceId(), backoffMs, result.cause().getMessage());
                vertx.setTimer(backoffMs, id -> attemptWrite(r, j, backoff.afterMs(backoffMs), done));
            }
        });
    }

    private <T> Future<T> retrying(Supplier<Future<T>> attempt, String what) {
        Promise<T> done = Promise.promise();
        retry(attempt, what, backoff.firstMs(), done);
        return done.future();
    }

    private <T> void retry(Supplier<Future<T>> attempt, String what, long backoffMs, Promise<T> done) {
        attempt.get().onComplete(r -> {
            if (r.succeeded() || stopped) {
                done.handle(r);
            } else {
                LOG.warn("responses history {} failed, retrying in {} ms: {}", what, backoffMs, r.cause().getMessage());
                vertx.setTimer(backoffMs, id -> retry(attempt, what, backoff.afterMs(backoffMs), done));
            }
        });
    }

    /** Publishes the rejections and acknowledges once the broker has them. */
    private void finishRejected(AckSequencer.Ticket ticket, String deviceId, Optional<String> msgId, List<Rejection> rejections,
                                Instant receivedAt) {
        Map<RejectionCode, Integer> byCode = new EnumMap<>(RejectionCode.class);
        rejections.forEach(r -> {
            parts.metrics().rejected(r.code());
            byCode.merge(r.code(), 1, Integer::sum);
        });
        // Codes and counts only: a reason may quote an answer, and answers are health data.
        LOG.info("response rejected from device {} msgId {}: {}", deviceId, msgId.orElse("(none)"), byCode);
        parts.rejections().publish(deviceId, msgId, rejections, receivedAt)
                .onSuccess(v -> parts.acks().done(ticket))
                .onFailure(e -> LOG.warn("rejection for device {} not published, message left for redelivery: {}", deviceId, e.getMessage()));
    }
}
