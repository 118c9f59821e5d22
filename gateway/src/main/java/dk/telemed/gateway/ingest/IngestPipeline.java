package dk.telemed.gateway.ingest;

import dk.telemed.gateway.metrics.GatewayMetrics;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.LogText;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.mqtt.AckSequencer;
import dk.telemed.gateway.mqtt.InboundMessage;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One readings message from receipt to acknowledgement: decode and validate, attribute to
 * the device's patient, drop a redelivery, store the valid readings, publish the rejections,
 * and only then let the broker forget the message. Decoding runs on the MQTT client's thread
 * ({@link #take}), the rest on the event loop; the store and the publisher do their waiting
 * elsewhere.
 */
public final class IngestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final String PREFIX = "telemed/v1/devices/";
    private static final String SUFFIX = "/readings";
    /** Where rejections go when the topic's device id cannot itself be a topic level. */
    static final String INVALID_DEVICE = "_invalid_device_id";

    private final PayloadDecoder decoder;
    private final Supplier<PatientRegistry> registry;
    private final DuplicateFilter duplicates;
    private final ReadingWriter store;
    private final RejectionPublisher rejections;
    private final AckSequencer acks;
    private final GatewayMetrics metrics;
    private final ReadingListener listener;
    private final Clock clock;
    /** Stored messages go to the rules in arrival order. */
    private final ArrivalOrder arrivalOrder = new ArrivalOrder();
    private boolean stopped;

    public IngestPipeline(PayloadDecoder decoder, Supplier<PatientRegistry> registry, DuplicateFilter duplicates,
                          ReadingWriter store, RejectionPublisher rejections, AckSequencer acks,
                          GatewayMetrics metrics, ReadingListener listener, Clock clock) {
        this.decoder = decoder;
        this.registry = registry;
        this.duplicates = duplicates;
        this.store = store;
        this.rejections = rejections;
        this.acks = acks;
        this.metrics = metrics;
        this.listener = listener;
        this.clock = clock;
        metrics.gauge("telemed.messages.unacknowledged", "Messages received and not yet acknowledged to the broker",
                acks::unacknowledged);
    }

    /** Takes no new messages: what arrives from now on stays with the broker for the next start. */
    public void stop() {
        stopped = true;
    }

    /**
     * On the MQTT client's thread: decodes the payload, which needs nothing of the event loop, so
     * it runs beside it; returns the rest of the message's handling, for the event loop.
     */
    public Runnable take(InboundMessage message) {
        String deviceId = deviceId(message.topic());
        DecodedMessage decoded = decoder.decode(message.payload(), deviceId);
        return () -> handle(message, deviceId, decoded);
    }

    private void handle(InboundMessage message, String deviceId, DecodedMessage decoded) {
        if (stopped) {
            return;
        }
        AckSequencer.Ticket ticket = acks.register(message);
        Instant receivedAt = clock.instant();
        metrics.messageReceived(decoded.items().size() + decoded.rejections().size());
        if (!Identifiers.isValid(deviceId)) {
            reject(ticket, INVALID_DEVICE, decoded, RejectionCode.BAD_DEVICE_ID,
                    "the topic's device id must match " + Identifiers.PATTERN_TEXT, receivedAt);
            return;
        }
        Optional<Patient> owner = registry.get().ownerOf(deviceId);
        if (owner.isEmpty()) {
            reject(ticket, deviceId, decoded, RejectionCode.UNKNOWN_DEVICE,
                    "device " + deviceId + " is not registered to any patient; add it to the patient registry", receivedAt);
            return;
        }
        if (decoded.msgId().isPresent() && duplicates.alreadyHandled(deviceId, decoded.msgId().get())) {
            metrics.duplicate();
            acks.done(ticket);
            return;
        }
        accept(ticket, deviceId, owner.get(), decoded, message.receivedAtNanos(), receivedAt);
    }

    private void accept(AckSequencer.Ticket ticket, String deviceId, Patient patient, DecodedMessage decoded,
                        long receivedAtNanos, Instant receivedAt) {
        List<Reading> readings = new ArrayList<>(decoded.items().size());
        List<DeviceLimit> limits = new ArrayList<>(0);
        for (DecodedItem item : decoded.items()) {
            if (item instanceof DecodedItem.Measured m) {
                readings.add(new Reading(patient.id(), deviceId, m.type(), m.ts(), m.value()));
            } else if (item instanceof DecodedItem.BeyondRange b) {
                limits.add(new DeviceLimit(patient.id(), deviceId, b.type(), b.ts(), b.side()));
            }
        }
        limits.forEach(l -> metrics.deviceLimit());
        Future<StoreOutcome> stored = store.store(readings, receivedAtNanos);
        Future<Void> rejected = publishRejections(deviceId, decoded.msgId(), decoded.rejections(), receivedAt);
        // The usual message has no rejection and no refusal: it waits for the rules alone, without
        // composing futures that are complete already.
        Future<Void> judged = arrivalOrder.afterStored(stored, outcome -> {
            Future<Void> refusalsPublished = publishRefusals(deviceId, decoded, outcome, receivedAt);
            Future<Void> evaluated = listener.accepted(storedOnly(readings, outcome), limits);
            return isSucceeded(refusalsPublished) ? evaluated : Future.all(evaluated, refusalsPublished).mapEmpty();
        });
        Future<?> all = isSucceeded(rejected) ? judged : Future.all(judged, rejected);
        all.onComplete(done -> {
            if (done.failed()) {
                // Left unacknowledged: the broker redelivers, and the store keeps one point per reading.
                LOG.warn("message {} from device {} not acknowledged: {}", LogText.escape(decoded.msgId().orElse("(no msgId)")),
                        LogText.escape(deviceId), done.cause().getMessage());
                return;
            }
            decoded.msgId().ifPresent(id -> duplicates.handled(deviceId, id));
            acks.done(ticket);
        });
    }

    private static boolean isSucceeded(Future<?> future) {
        return future.isComplete() && future.succeeded();
    }

    private static List<Reading> storedOnly(List<Reading> readings, StoreOutcome outcome) {
        return outcome.refused().isEmpty() ? readings : readings.stream().filter(r -> !outcome.refused().contains(r)).toList();
    }

    private Future<Void> publishRefusals(String deviceId, DecodedMessage decoded, StoreOutcome outcome, Instant receivedAt) {
        if (outcome.refused().isEmpty()) {
            return Future.succeededFuture();
        }
        List<Rejection> refusals = outcome.refused().stream().map(r -> Rejection.ofMessage(RejectionCode.STORE_REFUSED,
                "InfluxDB refused the " + r.type().wireName() + " reading at " + r.ts() + ": " + outcome.refusalReason())).toList();
        return publishRejections(deviceId, decoded.msgId(), refusals, receivedAt);
    }

    private void reject(AckSequencer.Ticket ticket, String deviceId, DecodedMessage decoded, RejectionCode code,
                        String reason, Instant receivedAt) {
        int readings = Math.max(1, decoded.items().size() + decoded.rejections().size());
        for (int i = 0; i < readings; i++) {
            metrics.rejected(code);
        }
        logRejections(deviceId, decoded.msgId(), Map.of(code, readings));
        rejections.publish(deviceId, decoded.msgId(), List.of(Rejection.ofMessage(code, reason)), receivedAt)
                .onSuccess(v -> acks.done(ticket))
                .onFailure(e -> LOG.warn("rejection for device {} not published, message left for redelivery: {}", LogText.escape(deviceId), e.getMessage()));
    }

    private Future<Void> publishRejections(String deviceId, Optional<String> msgId, List<Rejection> list, Instant receivedAt) {
        if (list.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<RejectionCode, Integer> byCode = new EnumMap<>(RejectionCode.class);
        for (Rejection r : list) {
            metrics.rejected(r.code());
            byCode.merge(r.code(), 1, Integer::sum);
        }
        logRejections(deviceId, msgId, byCode);
        return rejections.publish(deviceId, msgId, list, receivedAt);
    }

    /**
     * One line per message, with codes and counts only: values and reasons may be health data.
     * The device id (the topic's, maybe invalid) and msgId are the device's own text: escaped.
     */
    private static void logRejections(String deviceId, Optional<String> msgId, Map<RejectionCode, Integer> byCode) {
        LOG.info("rejected from device {} msgId {}: {}", LogText.escape(deviceId), LogText.escape(msgId.orElse("(none)")), byCode);
    }

    public static boolean isReadingsTopic(String topic) {
        return topic.startsWith(PREFIX) && topic.endsWith(SUFFIX);
    }

    /** The device id between the fixed topic prefix and suffix, or null when the topic has another shape. */
    static String deviceId(String topic) {
        if (!topic.startsWith(PREFIX) || !topic.endsWith(SUFFIX) || topic.length() <= PREFIX.length() + SUFFIX.length()) {
            return null;
        }
        return topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
    }
}
