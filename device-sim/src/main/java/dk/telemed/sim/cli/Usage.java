package dk.telemed.sim.cli;

/** The help text. */
final class Usage {

    static final String TEXT = """
            usage: java -jar device-sim.jar COMMAND [options]
                   java -jar device-sim.jar --help

            Simulates home patients whose devices publish readings over MQTT
            (topics and payloads as in the interface spec, section 1).

            commands:
              registry  write the patient registry (patients.yaml) of a simulated population
              run       publish that population's readings to an MQTT broker

            registry --patients N [--seed S] [--care-teams a,b] --out FILE
              --patients N          number of patients, 1..1000000 (ids p-0001, p-0002, ...)
              --seed S              population seed (default 1); the same N and S give the same file
              --care-teams a,b      care teams, assigned round-robin (default nord-akut,syd-hjemmepleje)
              --out FILE            where to write the YAML, replaced atomically; '-' for stdout

            run --mqtt URL [options]
              --mqtt URL            broker, e.g. tcp://127.0.0.1:1883 (also ssl://, ws://, wss://)
                                    a secure broker's account and CA come from the environment:
                                    TELEMED_SIM_MQTT_USERNAME, TELEMED_SIM_MQTT_PASSWORD_FILE,
                                    TELEMED_SIM_MQTT_CA_FILE (PEM)
              --patients N          population size (default 100); use the registry's N and seed
              --seed S              population seed (default 1)
              --care-teams a,b      as for registry (does not change devices or readings)
              --rate R              readings (not messages) per second
                                    (default 100; 2000 with --clock compressed)
              --batch K             every message is a batch of K readings of one device, 1..500
                                    (default: devices' own packing; spirometer and BP cuff batch a session)
              --duration SECONDS    stop after this long, or
              --count READINGS      stop after this many readings
                                    (default: until SIGINT/SIGTERM; compressed: when the history is sent)
              --client-id ID        MQTT client id (default device-sim-RUNID; -0, -1, ... per connection)
              --connections C       connections (home hubs) to spread the patients over (default 1)
              --qos 0|1             QoS of readings (default 1); status is always QoS 1, retained
              --max-inflight M      unacknowledged publishes per connection (default 1000;
                                    never more than the broker's Receive Maximum)
              --clock MODE          realtime (default): readings timestamped now;
                                    compressed: --days of plausible history ending now, sent at --rate
              --days D              history length for --clock compressed (default 14)
              --alternate-units-share F
                                    share of devices reporting in bpm, [lb_av], mg/dL, mmHg, mL (default 0.05)
              --report FILE         also write the summary as JSON

            Progress goes to stderr every 5 s; the summary line to stdout.
            exit status: 0 done (also after SIGINT/SIGTERM), 1 runtime failure, 2 bad arguments
            """;

    private Usage() {
    }
}
