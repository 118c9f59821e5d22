package dk.telemed.gateway.cluster;

import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.ingest.StatusListener;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Stands before the clinical rules when several gateways share the readings: the readings of
 * this member's patients go to its own rules, the others to the member that judges them. A
 * message is acknowledged to the broker only once the owner's inbox has them (the broker keeps
 * them in the owner's persistent session until it judged them), so none is lost between the two.
 *
 * <p>When no session subscribes to the owner's inbox (a member that never started, or whose
 * session expired), nobody would judge the readings: they are judged here instead and the
 * log says so, since a missed alert is worse than one raised by the wrong member.
 */
public final class PartitionedRules implements ReadingListener, StatusListener {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionedRules.class);
    /** The PUBACK reason code "No matching subscribers" (MQTT 5, 3.4.2.1). */
    static final int NO_SUBSCRIBERS = 16;

    /** Publishes at QoS 1; completes with the PUBACK's reason code. */
    public interface Publisher {
        Future<Integer> publish(String topic, byte[] payload);
    }

    private final Membership membership;
    private final ReadingListener readingRules;
    private final StatusListener statusRules;
    private final Publisher publisher;
    private final Supplier<PatientRegistry> registry;
    private final HandoverJson json = new HandoverJson();
    private long judgedForAbsent;

    public <R extends ReadingListener & StatusListener> PartitionedRules(Membership membership, R rules, Publisher publisher,
                                                                         Supplier<PatientRegistry> registry) {
        this.membership = membership;
        this.readingRules = rules;
        this.statusRules = rules;
        this.publisher = publisher;
        this.registry = registry;
    }

    @Override
    public Future<Void> accepted(List<Reading> stored, List<DeviceLimit> limits) {
        if (!membership.clustered()) {
            return readingRules.accepted(stored, limits);
        }
        Map<Integer, List<Reading>> readingsByOwner = new TreeMap<>();
        stored.forEach(r -> readingsByOwner.computeIfAbsent(membership.ownerOf(r.patientId()), k -> new ArrayList<>()).add(r));
        Map<Integer, List<DeviceLimit>> limitsByOwner = new TreeMap<>();
        limits.forEach(l -> limitsByOwner.computeIfAbsent(membership.ownerOf(l.patientId()), k -> new ArrayList<>()).add(l));
        List<Future<Void>> handed = new ArrayList<>(2);
        for (int owner = 0; owner < membership.members(); owner++) {
            List<Reading> readings = readingsByOwner.getOrDefault(owner, List.of());
            List<DeviceLimit> ownLimits = limitsByOwner.getOrDefault(owner, List.of());
            if (readings.isEmpty() && ownLimits.isEmpty()) {
                continue;
            }
            handed.add(owner == membership.self() ? readingRules.accepted(readings, ownLimits)
                    : handOver(owner, new Handover.Readings(readings, ownLimits), () -> readingRules.accepted(readings, ownLimits)));
        }
        return handed.size() == 1 ? handed.get(0) : Future.all(handed).mapEmpty();
    }

    @Override
    public Future<Void> status(String deviceId, DeviceStatus status) {
        Optional<Patient> patient = registry.get().ownerOf(deviceId);
        if (!membership.clustered() || patient.isEmpty() || membership.owns(patient.get().id())) {
            return statusRules.status(deviceId, status);
        }
        return handOver(membership.ownerOf(patient.get().id()), new Handover.Status(deviceId, status),
                () -> statusRules.status(deviceId, status));
    }

    private Future<Void> handOver(int owner, Handover handover, Supplier<Future<Void>> judgeHere) {
        return publisher.publish(membership.inbox(owner), json.write(handover)).compose(reason -> {
            if (reason != NO_SUBSCRIBERS) {
                return Future.succeededFuture();
            }
            if (judgedForAbsent++ % 1000 == 0) {
                LOG.warn("cluster member {} has no session on the broker (never started, or away longer than"
                        + " mqtt.sessionExpirySeconds): its patients' readings are judged here ({} so far)", owner, judgedForAbsent);
            }
            return judgeHere.get();
        });
    }
}
