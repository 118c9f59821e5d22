package dk.telemed.sim.traffic;

import dk.telemed.sim.physiology.PatientModel;
import dk.telemed.sim.physiology.Reading;
import dk.telemed.sim.population.Device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A device during a run: its measurements not yet sent, its message counter and battery. */
public final class DeviceState {

    private static final long HOUR_MS = 3_600_000L;

    private final Device device;
    private final PatientModel model;
    private final boolean alternateUnits;
    private final int connection;
    private final String readingsTopic;
    private final String statusTopic;
    private final ArrayDeque<Reading> pending = new ArrayDeque<>();
    private final List<Reading> scratch = new ArrayList<>(4);
    private long lastSessionTs = Long.MIN_VALUE;
    private long messageNumber;

    public DeviceState(Device device, PatientModel model, boolean alternateUnits, int connection) {
        this.device = device;
        this.model = model;
        this.alternateUnits = alternateUnits;
        this.connection = connection;
        this.readingsTopic = "telemed/v1/devices/" + device.id() + "/readings";
        this.statusTopic = "telemed/v1/devices/" + device.id() + "/status";
    }

    public Device device() {
        return device;
    }

    public PatientModel model() {
        return model;
    }

    public boolean alternateUnits() {
        return alternateUnits;
    }

    /** Which hub connection carries this device's messages. */
    public int connection() {
        return connection;
    }

    public String readingsTopic() {
        return readingsTopic;
    }

    public String statusTopic() {
        return statusTopic;
    }

    /**
     * Runs one measurement session at {@code t}, or 1 ms after the previous one if that is later:
     * the store keys points by patient, device, type and time, so two sessions of a device must
     * never share a timestamp.
     *
     * @return the timestamp actually used
     */
    long measure(long t, SplittableRandom noise) {
        long ts = lastSessionTs == Long.MIN_VALUE ? t : Math.max(t, lastSessionTs + 1);
        scratch.clear();
        model.measure(device, ts, noise, scratch);
        pending.addAll(scratch);
        lastSessionTs = ts;
        return ts;
    }

    int pendingCount() {
        return pending.size();
    }

    List<Reading> take(int n) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n && !pending.isEmpty(); i++) {
            out.add(pending.poll());
        }
        return out;
    }

    /** Next message number; numbering restarts each run, the run id keeps msgIds unique. */
    public long nextMessageNumber() {
        return messageNumber++;
    }

    /** Battery level after {@code elapsedMillis} of run time; a flat battery is recharged to 100 %. */
    public int battery(long elapsedMillis) {
        double used = (100 - device.initialBattery()) + device.batteryDrainPerHour() * elapsedMillis / HOUR_MS;
        return (int) Math.round(100 - used % 95);
    }
}
