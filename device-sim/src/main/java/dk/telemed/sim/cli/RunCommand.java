package dk.telemed.sim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dk.telemed.sim.mqtt.MqttHub;
import dk.telemed.sim.payload.PayloadEncoder;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.population.Population;
import dk.telemed.sim.population.PopulationGenerator;
import dk.telemed.sim.population.Seeds;
import dk.telemed.sim.population.Stream;
import dk.telemed.sim.run.ProgressReporter;
import dk.telemed.sim.run.RateLimiter;
import dk.telemed.sim.run.RunControl;
import dk.telemed.sim.run.Simulation;
import dk.telemed.sim.run.Stats;
import dk.telemed.sim.run.Summary;
import dk.telemed.sim.symptoms.DiaryFeed;
import dk.telemed.sim.symptoms.SymptomDiary;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.Fleet;
import dk.telemed.sim.traffic.HistorySource;
import dk.telemed.sim.traffic.NaturalSchedule;
import dk.telemed.sim.traffic.Packing;
import dk.telemed.sim.traffic.ReadingSource;
import dk.telemed.sim.traffic.RealtimeSource;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code run}: wires population, source, client and loop together, and handles SIGINT/SIGTERM. */
final class RunCommand {

    /** The patients live in Denmark: their daily rhythm and local-offset timestamps follow Danish time. */
    static final ZoneId PATIENT_ZONE = ZoneId.of("Europe/Copenhagen");
    /**
     * At most this many readings per second per device in realtime mode. Sessions of a device
     * are at least 1 ms apart and never in the future (the gateway rejects future timestamps),
     * so beyond ~1000 sessions/s a device would run out of timestamps; half that leaves room.
     */
    static final double MAX_REALTIME_RATE_PER_DEVICE = 500;
    private static final long STATUS_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How far the rate limiter catches up after falling behind. One second covers JIT warm-up
     * on a small machine (with 100 ms a 5,000/s run lost ~0.25 s of readings in its first
     * seconds) while a long broker outage still cannot turn into a flood.
     */
    private static final long MAX_BURST_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PARK_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int CONNECT_DEADLINE_SECONDS = 15;

    private final PrintStream out;
    private final PrintStream err;
    /**
     * Paho logs a SEVERE stack trace through java.util.logging whenever the broker goes away; the
     * run reports that in one line itself. Held in a field because JUL keeps loggers only weakly.
     */
    private final Logger pahoLogger = Logger.getLogger("org.eclipse.paho.mqttv5.client");

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(RunOptions o) throws UsageException {
        pahoLogger.setLevel(Level.OFF);
        long startMillis = System.currentTimeMillis();
        String runId = runId(startMillis);
        PopulationOptions po = o.population();
        Population population = new PopulationGenerator(po.seed()).generate(po.patients(), po.careTeams());
        LocalClock clock = new LocalClock(PATIENT_ZONE);
        List<DeviceState> devices = Fleet.of(population, clock, o.alternateUnitsShare(), o.connections());
        if (o.clock() == ClockMode.REALTIME && o.rate() / devices.size() > MAX_REALTIME_RATE_PER_DEVICE) {
            long needed = (long) Math.ceil(o.rate() / MAX_REALTIME_RATE_PER_DEVICE * po.patients() / devices.size());
            throw new UsageException(String.format(Locale.ROOT,
                    "--rate %s is more than %d readings/s for each of the %d devices of %d patients; "
                            + "timestamps would run ahead of the clock, use --patients %d or more",
                    fmt(o.rate()), (long) MAX_REALTIME_RATE_PER_DEVICE, devices.size(), po.patients(), needed));
        }
        Packing packing = o.batch() == 0 ? Packing.NATURAL : new Packing(o.batch());
        var noise = Seeds.random(po.seed(), Stream.NOISE.ordinal());
        ReadingSource source = o.clock() == ClockMode.REALTIME
                ? new RealtimeSource(devices, packing, System::currentTimeMillis, noise)
                : new HistorySource(devices, packing, new NaturalSchedule(po.seed(), PATIENT_ZONE), PATIENT_ZONE,
                        startMillis - (long) (o.days() * 86_400_000L), startMillis, noise);

        RunControl control = new RunControl();
        Stats stats = new Stats(System::nanoTime);
        AtomicInteger exitStatus = new AtomicInteger(0);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = shutdownHook(control, finished, exitStatus);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // The patients answer their questionnaires from the start of the history (or of a live run) on.
            long answersFrom = o.clock() == ClockMode.REALTIME ? startMillis : startMillis - (long) (o.days() * 86_400_000L);
            DiaryFeed diary = new DiaryFeed(new SymptomDiary(po.seed(), PATIENT_ZONE), devices, PATIENT_ZONE, answersFrom, runId);
            exitStatus.set(publish(o, runId, population, devices, source, diary, clock, control, stats));
            return exitStatus.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // A signal started the shutdown; the hook exits with our status once we are done.
            }
            finished.countDown();
        }
    }

    private int publish(RunOptions o, String runId, Population population, List<DeviceState> devices,
            ReadingSource source, DiaryFeed diary, LocalClock clock, RunControl control, Stats stats) {
        String clientId = o.clientId() != null ? o.clientId() : "device-sim-" + runId;
        MqttHub hub;
        try {
            hub = MqttHub.connect(o.mqttUrl(), clientId, o.connections(), o.maxInflight(), stats,
                    control::stopRequested, line -> err.println("device-sim: " + line), CONNECT_DEADLINE_SECONDS);
        } catch (MqttException e) {
            err.println("device-sim: cannot connect to " + o.mqttUrl() + ": " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        err.println(String.format(Locale.ROOT,
                "device-sim: connected to %s as %s (%d connection%s, in-flight window %d); %d patients, %d devices; "
                        + "clock=%s rate=%s/s packing=%s qos=%d run=%s",
                o.mqttUrl(), clientId, o.connections(), o.connections() == 1 ? "" : "s", hub.windowSize(),
                population.patients().size(), devices.size(), o.clock().name().toLowerCase(Locale.ROOT),
                fmt(o.rate()), o.batch() == 0 ? "natural" : "batch " + o.batch(), o.qos(), runId));

        RateLimiter limiter = new RateLimiter(o.rate(), MAX_BURST_NANOS, System::nanoTime,
                nanos -> sleep(nanos, control));
        Simulation.Settings settings = new Simulation.Settings(o.qos(), o.count(),
                (long) (o.durationSeconds() * 1e9),
                o.clock() == ClockMode.REALTIME ? STATUS_INTERVAL_NANOS : 0, DRAIN_TIMEOUT_NANOS);
        Simulation simulation = new Simulation(settings, devices, o.connections(), source,
                new PayloadEncoder(clock, runId), hub, limiter, stats, control, System::nanoTime,
                System::currentTimeMillis, diary);
        Summary summary;
        ProgressReporter progress = new ProgressReporter(stats, hub::outstanding, System::nanoTime, err, 5);
        try {
            summary = simulation.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            progress.close();
            hub.close();
        }
        out.println(summary.line());
        out.flush();
        if (o.report() != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(o.report().toFile(), summary.reportFields());
            } catch (IOException e) {
                err.println("device-sim: cannot write report " + o.report() + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /**
     * On SIGINT/SIGTERM: ask the loop to stop, let it drain and print its summary, then exit with
     * its status. Halting is how the status gets through; a JVM shutting down on a signal would
     * otherwise exit 130/143 whatever the code says.
     */
    private Thread shutdownHook(RunControl control, CountDownLatch finished, AtomicInteger exitStatus) {
        return new Thread(() -> {
            control.requestStop();
            try {
                if (finished.await(20, TimeUnit.SECONDS)) {
                    out.flush();
                    err.flush();
                    Runtime.getRuntime().halt(exitStatus.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "device-sim-shutdown");
    }

    /** Sleeps for the rate limiter, but wakes for a stop request or the end of --duration. */
    private static void sleep(long nanos, RunControl control) {
        long until = System.nanoTime() + nanos;
        while (!control.stopRequested()) {
            long now = System.nanoTime();
            long left = Math.min(until - now, control.deadline() - now);
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, PARK_SLICE_NANOS));
        }
    }

    /** Start time in base 36 plus two random characters: unique per run, short in every msgId. */
    private static String runId(long startMillis) {
        int suffix = ThreadLocalRandom.current().nextInt(36 * 36);
        return Long.toString(startMillis, 36) + Character.forDigit(suffix / 36, 36) + Character.forDigit(suffix % 36, 36);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
