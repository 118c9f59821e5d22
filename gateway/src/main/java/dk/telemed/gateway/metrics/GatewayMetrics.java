package dk.telemed.gateway.metrics;

import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.DeliveryOutcome;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.model.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the gateway, created once with its description. Tags come only from closed
 * sets (rejection code, severity, event, outcome): never a patient or device id, which would
 * identify a person and multiply the series.
 */
public final class GatewayMetrics {
    private final MeterRegistry registry;
    private final Counter messagesReceived;
    private final Counter readingsReceived;
    private final Counter readingsStored;
    private final Counter duplicates;
    private final Counter deviceLimits;
    private final Map<RejectionCode, Counter> rejected = new EnumMap<>(RejectionCode.class);
    private final Map<Severity, Map<AlertEventType, Counter>> alerts = new EnumMap<>(Severity.class);
    private final Map<DeliveryOutcome, Counter> deliveries = new EnumMap<>(DeliveryOutcome.class);
    private final Timer receiptToStored;
    private final Timer deliveryLatency;
    private final DistributionSummary batchSize;
    private final Counter writeFailures;
    /**
     * What the function counters read. Micrometer holds a function counter's object only weakly,
     * and a supplier made for it has no other owner: after the first garbage collection the
     * counter showed its last value, 0 if never scraped, for good.
     */
    private final List<Supplier<Number>> counted = new CopyOnWriteArrayList<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        messagesReceived = Counter.builder("telemed.messages.received")
                .description("MQTT messages received on the readings topics").register(registry);
        readingsReceived = Counter.builder("telemed.readings.received")
                .description("Readings received, valid or not").register(registry);
        readingsStored = Counter.builder("telemed.readings.stored")
                .description("Readings written to InfluxDB").register(registry);
        duplicates = Counter.builder("telemed.messages.duplicate")
                .description("Redelivered messages (same device and msgId) dropped without storing again").register(registry);
        deviceLimits = Counter.builder("telemed.readings.device.limit")
                .description("LO/HI readings: outside the device's measuring range, not stored").register(registry);
        for (RejectionCode code : RejectionCode.values()) {
            rejected.put(code, Counter.builder("telemed.readings.rejected").tag("code", code.code())
                    .description("Readings rejected and published to the rejected topic").register(registry));
        }
        for (Severity severity : Severity.values()) {
            Map<AlertEventType, Counter> byEvent = new EnumMap<>(AlertEventType.class);
            for (AlertEventType event : AlertEventType.values()) {
                byEvent.put(event, Counter.builder("telemed.alerts").tag("severity", severity.wireName())
                        .tag("event", event.wireName()).description("Alert events").register(registry));
            }
            alerts.put(severity, byEvent);
        }
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            deliveries.put(outcome, Counter.builder("telemed.webhook.deliveries").tag("outcome", outcome.wireName())
                    .description("Attempts to deliver alert events to webhooks").register(registry));
        }
        deliveryLatency = Timer.builder("telemed.webhook.delivery.latency")
                .description("From an alert event's time (its at) to a webhook's 2xx answer")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofHours(72))
                .register(registry);
        receiptToStored = Timer.builder("telemed.reading.store.latency")
                .description("From receipt of the MQTT message to the reading written to InfluxDB")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        batchSize = DistributionSummary.builder("telemed.store.batch.size").baseUnit("points")
                .description("Points per InfluxDB write").register(registry);
        writeFailures = Counter.builder("telemed.store.write.failures")
                .description("InfluxDB writes that failed and were retried").register(registry);
    }

    public void messageReceived(int readings) {
        messagesReceived.increment();
        readingsReceived.increment(readings);
    }

    public void rejected(RejectionCode code) {
        rejected.get(code).increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void deviceLimit() {
        deviceLimits.increment();
    }

    public void stored(int readings, long receivedAtNanos) {
        readingsStored.increment(readings);
        receiptToStored.record(System.nanoTime() - receivedAtNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void batchWritten(int points) {
        batchSize.record(points);
    }

    public void writeFailed() {
        writeFailures.increment();
    }

    public void alert(Severity severity, AlertEventType event) {
        alerts.get(severity).get(event).increment();
    }

    public void delivery(DeliveryOutcome outcome) {
        deliveries.get(outcome).increment();
    }

    /** How long an event took from its time to a webhook's 2xx (0 for an event stamped in the future). */
    public void deliveryLatency(Duration latency) {
        deliveryLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /**
     * Events a webhook receiver's session holds unacknowledged (at most its Receive Maximum; the
     * rest wait in the broker). Tagged with the receiver's configured name, a closed set.
     */
    public void webhookQueueDepth(String receiver, Supplier<Number> depth) {
        Gauge.builder("telemed.webhook.queue.depth", depth).tag("receiver", receiver)
                .description("Alert events received for a webhook and not yet delivered or given up").register(registry);
    }

    /**
     * How often a broker session ({@code ingest}, or {@code webhook:{name}}, names from the
     * configuration) was taken over by another connection with its client id, by the
     * evidence: {@code broker} (reason code 0x8E) or {@code short_lived} (closed soon after
     * it was made). The meter holds {@code source} only weakly: it must live as long as the gateway.
     */
    public <T> void sessionTakeovers(String session, String evidence, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder("telemed.mqtt.session.takeovers", source, count)
                .tag("session", session).tag("evidence", evidence)
                .description("Broker sessions taken over by another connection with the same client id").register(registry);
    }

    /**
     * The audit log's queue: entries waiting to be written, anonymous refusals folded into a
     * per-minute summary, and entries dropped because the queue was full. The meters hold
     * {@code log} only weakly: it must live as long as the gateway.
     */
    public <T> void auditQueue(T log, ToDoubleFunction<T> queued, ToDoubleFunction<T> folded, ToDoubleFunction<T> dropped) {
        Gauge.builder("telemed.audit.queued", log, queued).description("Audit entries waiting to be written").register(registry);
        FunctionCounter.builder("telemed.audit.refusals.folded", log, folded)
                .description("Anonymous or failed requests counted into a per-source, per-minute audit entry").register(registry);
        FunctionCounter.builder("telemed.audit.dropped", log, dropped)
                .description("Audit entries not written because the queue was full").register(registry);
    }

    /** A gauge read at scrape time, e.g. messages awaiting acknowledgement. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A count kept elsewhere (thread-safe), read at scrape time as a counter. */
    public void counter(String name, String description, Supplier<Number> total) {
        counted.add(total);
        FunctionCounter.builder(name, total, t -> t.get().doubleValue()).description(description).register(registry);
    }

    /** As {@link #counter(String, String, Supplier)}, one of several counts of {@code name} told apart by a tag. */
    public void counter(String name, String description, String tag, String value, Supplier<Number> total) {
        counted.add(total);
        FunctionCounter.builder(name, total, t -> t.get().doubleValue()).description(description).tag(tag, value).register(registry);
    }
}
