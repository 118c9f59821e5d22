package dk.telemed.bench;

import dk.telemed.testsupport.MosquittoServer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limit (a): QoS 1 messages per second that Mosquitto delivers to one plain Paho v5 subscriber
 * that acknowledges and discards them. The publisher is device-sim with the same patients,
 * connections and packing as the end-to-end runs, so the only difference to those is the
 * consumer: this subscriber in place of the gateway. Its session is set up as the gateway's
 * (persistent, the same Receive Maximum, QoS 1); Paho acknowledges each message as soon as
 * the callback returns.
 */
public final class BrokerLimit {
    static final String FILTER = "telemed/v1/devices/+/readings";

    /** The runs of one mode. */
    public record Result(int batch, List<Run> runs, Spread readingsPerSecond, Spread messagesPerSecond) {
    }

    /** One run: throughput in readings, and the CPU of the three processes while publishing. */
    public record Run(Throughput readings, double brokerCores, double subscriberCores, double deviceSimCores, String loadAverage) {
    }

    private BrokerLimit() {
    }

    public static Result measure(Layout layout, Settings settings, int batch, Log log) {
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= settings.repeats(); i++) {
            Path dir = layout.work().resolve("broker-limit");
            try (MosquittoServer broker = MosquittoServer.start(dir.resolve("mosquitto"));
                 Subscriber subscriber = Subscriber.connect(broker.url(), settings.receiveMaximum())) {
                DeviceSim sim = new DeviceSim(layout.deviceSimJar(), dir.resolve("sim"));
                Run run = once(broker, subscriber, sim, settings, batch);
                runs.add(run);
                log.line("  raw broker, %s, run %d: %s messages/s delivered (%s readings/s), publisher %s readings/s",
                        Log.mode(batch), i, Log.n(run.readings().sustainedPerSecond() / batch),
                        Log.n(run.readings().sustainedPerSecond()), Log.n(run.readings().publishedPerSecond()));
                if (broker.droppedMessages()) {
                    log.warn("raw broker, %s: Mosquitto logged \"%s\": it silently dropped queued QoS 1 messages",
                            Log.mode(batch), MosquittoServer.DROPPED_MESSAGES_LOG_LINE);
                }
            }
        }
        List<Double> readings = runs.stream().map(r -> r.readings().sustainedPerSecond()).toList();
        return new Result(batch, runs, Spread.of(readings), Spread.of(readings.stream().map(r -> r / batch).toList()));
    }

    private static Run once(MosquittoServer broker, Subscriber subscriber, DeviceSim sim, Settings settings, int batch) {
        long before = subscriber.messages();
        try (Sampler<Rates.Sample> counted = Sampler.start("subscriber", 100,
                () -> new Rates.Sample(System.nanoTime(), (subscriber.messages() - before) * (double) batch))) {
            DeviceSim.Running run = sim.start(broker.url(), new DeviceSim.Run(Settings.PATIENTS, batch, 1_000_000,
                    settings.limitRun().toSeconds(), 0, Settings.CONNECTIONS, "bench-raw-publisher"));
            try (Cpu cpu = Cpu.watch(List.of(broker.pid(), ProcessHandle.current().pid(), run.pid()))) {
                DeviceSim.Report report = run.await(settings.limitRun().plus(Duration.ofMinutes(2)));
                BenchStack.waitUntil(() -> (subscriber.messages() - before) * batch >= report.readingsAcked(), Duration.ofSeconds(60));
                Throughput t = Throughput.of(counted.samples(), report);
                long to = Clock.nanosOf(report.endedAt());
                long from = to - (long) (t.windowSeconds() * 1e9);
                return new Run(t, cpu.cores(0, from, to), cpu.cores(1, from, to), cpu.cores(2, from, to), Machine.loadAverage());
            }
        }
    }

    /** The plain subscriber: counts, discards, and lets Paho acknowledge. */
    static final class Subscriber implements AutoCloseable {
        private final MqttAsyncClient client;
        private final AtomicLong messages = new AtomicLong();

        private Subscriber(MqttAsyncClient client) {
            this.client = client;
        }

        static Subscriber connect(String url, int receiveMaximum) {
            try {
                MqttAsyncClient client = new MqttAsyncClient(url, "bench-raw-subscriber", new MemoryPersistence());
                Subscriber s = new Subscriber(client);
                client.setCallback(new MqttCallback() {
                    @Override
                    public void disconnected(MqttDisconnectResponse response) {
                    }

                    @Override
                    public void mqttErrorOccurred(MqttException exception) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        s.messages.incrementAndGet();
                    }

                    @Override
                    public void deliveryComplete(IMqttToken token) {
                    }

                    @Override
                    public void connectComplete(boolean reconnect, String serverURI) {
                    }

                    @Override
                    public void authPacketArrived(int reasonCode, MqttProperties properties) {
                    }
                });
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setCleanStart(false);
                o.setSessionExpiryInterval(3600L);
                o.setReceiveMaximum(receiveMaximum);
                client.connect(o).waitForCompletion(10_000);
                client.subscribe(new MqttSubscription[] {new MqttSubscription(FILTER, 1)}).waitForCompletion(10_000);
                return s;
            } catch (MqttException e) {
                throw new IllegalStateException("the raw subscriber cannot connect to " + url + ": " + e, e);
            }
        }

        long messages() {
            return messages.get();
        }

        @Override
        public void close() {
            try {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (MqttException e) {
                // The broker is going away with it.
            }
        }
    }
}
