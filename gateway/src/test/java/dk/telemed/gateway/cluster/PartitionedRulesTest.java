package dk.telemed.gateway.cluster;

import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.ingest.ReadingListener;
import dk.telemed.gateway.ingest.StatusListener;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryException;
import dk.telemed.gateway.registry.RegistryParser;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionedRulesTest {
    static final Instant T = Instant.parse("2026-11-22T07:30:00Z");

    /** Patient ids chosen so that member 0 of 2 owns "p-0" and member 1 owns "p-1". */
    static final String OURS = pick(0);
    static final String THEIRS = pick(1);

    static String pick(int owner) {
        for (int i = 0; ; i++) {
            if (Math.floorMod(("p-" + i).hashCode(), 2) == owner) {
                return "p-" + i;
            }
        }
    }

    final PatientRegistry registry = registry();

    static PatientRegistry registry() {
        try {
            return new RegistryParser().parse("""
                    patients:
                      - { id: %s, careTeam: nord, conditions: [copd], devices: [oxi-ours] }
                      - { id: %s, careTeam: nord, conditions: [copd], devices: [oxi-theirs] }
                    """.formatted(OURS, THEIRS), "test");
        } catch (RegistryException e) {
            throw new AssertionError(e);
        }
    }

    static final class Rules implements ReadingListener, StatusListener {
        final List<Reading> judged = new ArrayList<>();
        final List<DeviceLimit> limits = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();

        @Override
        public Future<Void> accepted(List<Reading> stored, List<DeviceLimit> l) {
            judged.addAll(stored);
            limits.addAll(l);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> status(String deviceId, DeviceStatus status) {
            statuses.add(deviceId);
            return Future.succeededFuture();
        }
    }

    record Published(String topic, Handover handover) {
    }

    final Rules rules = new Rules();
    final List<Published> published = new ArrayList<>();
    int reasonCode;

    PartitionedRules partitioned(Membership membership) {
        HandoverJson json = new HandoverJson();
        return new PartitionedRules(membership, rules, (topic, body) -> {
            try {
                published.add(new Published(topic, json.read(body)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return Future.succeededFuture(reasonCode);
        }, () -> registry);
    }

    static Reading reading(String patient, double value) {
        return new Reading(patient, "oxi", MeasurementType.SPO2, T, value);
    }

    @Test
    void aSingleGatewayJudgesEverythingItselfAndPublishesNothing() {
        PartitionedRules p = partitioned(Membership.alone());
        assertThat(p.accepted(List.of(reading(OURS, 91), reading(THEIRS, 80)), List.of()).succeeded()).isTrue();
        assertThat(rules.judged).hasSize(2);
        assertThat(published).isEmpty();
    }

    @Test
    void aMembersOwnPatientsAreJudgedHereAndTheOthersHandedToTheirOwnersInbox() {
        PartitionedRules p = partitioned(new Membership(2, 0, "g"));
        DeviceLimit lo = new DeviceLimit(THEIRS, "gluco", MeasurementType.GLUCOSE, T, DeviceLimit.Side.LO);
        Future<Void> done = p.accepted(List.of(reading(OURS, 91), reading(THEIRS, 80), reading(THEIRS, 81)), List.of(lo));
        assertThat(done.succeeded()).isTrue();
        assertThat(rules.judged).containsExactly(reading(OURS, 91));
        assertThat(rules.limits).isEmpty();
        assertThat(published).containsExactly(new Published("telemed/v1/cluster/g/member-1",
                new Handover.Readings(List.of(reading(THEIRS, 80), reading(THEIRS, 81)), List.of(lo))));
    }

    @Test
    void whenTheOwnerHasNoSessionTheReadingsAreJudgedHereRatherThanByNobody() {
        reasonCode = PartitionedRules.NO_SUBSCRIBERS;
        PartitionedRules p = partitioned(new Membership(2, 0, "g"));
        assertThat(p.accepted(List.of(reading(THEIRS, 80)), List.of()).succeeded()).isTrue();
        assertThat(published).hasSize(1);
        assertThat(rules.judged).containsExactly(reading(THEIRS, 80));
    }

    @Test
    void aFailedHandOverFailsTheMessageSoTheBrokerKeepsIt() {
        PartitionedRules p = new PartitionedRules(new Membership(2, 0, "g"), rules,
                (topic, body) -> Future.failedFuture("connection lost"), () -> registry);
        assertThat(p.accepted(List.of(reading(THEIRS, 80)), List.of()).failed()).isTrue();
        assertThat(rules.judged).isEmpty();
    }

    @Test
    void aDevicesStatusGoesToTheMemberThatJudgesItsPatient() {
        PartitionedRules p = partitioned(new Membership(2, 0, "g"));
        DeviceStatus low = new DeviceStatus(Optional.empty(), OptionalInt.of(9));
        p.status("oxi-ours", low);
        p.status("oxi-theirs", low);
        p.status("oxi-unknown", low);
        assertThat(rules.statuses).containsExactly("oxi-ours", "oxi-unknown");
        assertThat(published).containsExactly(new Published("telemed/v1/cluster/g/member-1", new Handover.Status("oxi-theirs", low)));
    }
}
