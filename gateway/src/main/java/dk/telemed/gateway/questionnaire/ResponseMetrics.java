package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.model.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** The symptom responses' meters; tags from closed sets only, never a patient or device. */
public final class ResponseMetrics {
    private final Counter received;
    private final Counter stored;
    private final Counter duplicates;
    private final Map<RejectionCode, Counter> rejected = new EnumMap<>(RejectionCode.class);
    private final Map<Severity, Counter> judged = new EnumMap<>(Severity.class);
    private final Counter green;

    public ResponseMetrics(MeterRegistry registry) {
        received = Counter.builder("telemed.responses.received").description("Symptom response messages received").register(registry);
        stored = Counter.builder("telemed.responses.stored").description("Symptom responses written to InfluxDB").register(registry);
        duplicates = Counter.builder("telemed.responses.duplicate").description("Redelivered symptom responses dropped by msgId")
                .register(registry);
        for (RejectionCode c : RejectionCode.values()) {
            rejected.put(c, Counter.builder("telemed.responses.rejected").description("Symptom responses rejected, by code")
                    .tag("code", c.code()).register(registry));
        }
        for (Severity s : Severity.values()) {
            judged.put(s, Counter.builder("telemed.responses.judged").description("Symptom responses by the severity their rule found")
                    .tag("severity", s.wireName()).register(registry));
        }
        green = Counter.builder("telemed.responses.judged").description("Symptom responses by the severity their rule found")
                .tag("severity", "green").register(registry);
    }

    void received() {
        received.increment();
    }

    void stored() {
        stored.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void rejected(RejectionCode code) {
        rejected.get(code).increment();
    }

    void judged(java.util.Optional<Severity> severity) {
        severity.map(judged::get).orElse(green).increment();
    }
}
