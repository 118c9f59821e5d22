package dk.telemed.gateway.cluster;

import dk.telemed.gateway.ingest.DeviceStatus;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one member of a cluster hands another through the broker. */
public sealed interface Handover {
    /** Stored readings (and a device's LO/HI) of patients the receiver judges. */
    record Readings(List<Reading> readings, List<DeviceLimit> limits) implements Handover {
        public Readings {
            readings = List.copyOf(readings);
            limits = List.copyOf(limits);
        }
    }

    /** A device's status, for the member that judges its patient's battery. */
    record Status(String deviceId, DeviceStatus status) implements Handover {
    }

    /** A nurse acknowledged, on another member, an alert that the receiver holds. */
    record Acknowledge(String correlation, String replyTo, String alertId, String username, Optional<String> note)
            implements Handover {
    }

    /** The holder's answer to {@link Acknowledge}. */
    record Reply(String correlation, Outcome outcome, int seq, Optional<Instant> acknowledgedAt, String error)
            implements Handover {
    }

    enum Outcome {
        ACKNOWLEDGED("acknowledged"), NOT_OPEN("not_open"), FAILED("failed");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<Outcome> fromWireName(String name) {
            for (Outcome o : values()) {
                if (o.wireName.equals(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }
}
