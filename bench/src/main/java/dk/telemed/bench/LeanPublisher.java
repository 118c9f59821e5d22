package dk.telemed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator with nothing but a Paho v5 client on one connection: it publishes QoS 1
 * readings messages as fast as the broker acknowledges them, with as many unacknowledged as
 * the broker's Receive Maximum allows (at most {@link #WINDOW}), and builds each payload with a {@link StringBuilder}, so it costs a fraction
 * of a core where device-sim (a population, physiology and scheduling) costs one. Started by
 * the bench as its own JVM, so its CPU is measured apart:
 * {@code java -cp telemed-bench.jar dk.telemed.bench.LeanPublisher URL CLIENT-ID REPORT PLAN}, where the
 * plan is {@link Plan#toArg()}. Writes a report of device-sim's shape (readings and messages
 * acknowledged, start and end) and exits.
 */
public final class LeanPublisher {
    /** Messages in flight per connection at most, whatever the broker would allow. */
    static final int WINDOW = 1000;

    /**
     * What one publisher sends: each device's readings in time order, device after device in
     * turn. A device's reading {@code j} is measured at {@code fromMillis + (j * stride + offset) * stepMillis}: two
     * publishers with stride 2 and offsets 0 and 1 send the two devices of one patient interleaved.
     *
     * @param devices          device ids, each with its own readings
     * @param readingsPerDevice readings each device sends
     * @param batch            readings per message
     * @param type             the interface's type name; the value is a normal one for it
     */
    record Plan(List<String> devices, int readingsPerDevice, int batch, String type, long fromMillis, long stepMillis,
                int stride, int offset) {
        Plan {
            if (devices.isEmpty() || readingsPerDevice < 1 || batch < 1 || stride < 1 || offset < 0 || offset >= stride) {
                throw new IllegalArgumentException("a plan needs devices, readings, a batch of at least 1 and 0 <= offset < stride");
            }
            devices = List.copyOf(devices);
        }

        long readings() {
            return (long) devices.size() * readingsPerDevice;
        }

        long messages() {
            return (long) devices.size() * ((readingsPerDevice + batch - 1) / batch);
        }

        long tsMillis(int reading) {
            return fromMillis + ((long) reading * stride + offset) * stepMillis;
        }

        String toArg() {
            return String.join(",", devices) + ";" + readingsPerDevice + ";" + batch + ";" + type + ";" + fromMillis + ";"
                    + stepMillis + ";" + stride + ";" + offset;
        }

        static Plan parse(String arg) {
            String[] p = arg.split(";");
            if (p.length != 8) {
                throw new IllegalArgumentException("a plan has 8 fields separated by ';', not " + p.length + ": " + arg);
            }
            return new Plan(List.of(p[0].split(",")), Integer.parseInt(p[1]), Integer.parseInt(p[2]), p[3], Long.parseLong(p[4]),
                    Long.parseLong(p[5]), Integer.parseInt(p[6]), Integer.parseInt(p[7]));
        }

        /**
         * The payload of a device's message that starts at reading {@code first}: one reading, or a batch
         * with a msgId unique to the device and its first reading's time.
         */
        String payload(String device, int first) {
            int last = Math.min(readingsPerDevice, first + batch);
            StringBuilder b = new StringBuilder(64 + 72 * (last - first));
            if (batch == 1) {
                return reading(b, first).toString();
            }
            // The device and the first reading's time: unique however many runs send the same device.
            b.append("{\"msgId\":\"").append(device).append('-').append(tsMillis(first)).append("\",\"readings\":[");
            for (int i = first; i < last; i++) {
                if (i > first) {
                    b.append(',');
                }
                reading(b, i);
            }
            return b.append("]}").toString();
        }

        private StringBuilder reading(StringBuilder b, int i) {
            return b.append("{\"ts\":").append(tsMillis(i)).append(",\"type\":\"").append(type).append("\",\"value\":")
                    .append(normalValue()).append(",\"unit\":\"").append(unit()).append("\"}");
        }

        private String normalValue() {
            return "pulse".equals(type) ? "72" : "97";
        }

        private String unit() {
            return "pulse".equals(type) ? "/min" : "%";
        }
    }

    private LeanPublisher() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: LeanPublisher MQTT-URL CLIENT-ID REPORT-FILE PLAN");
            System.exit(2);
        }
        try {
            publish(args[0], args[1], Path.of(args[2]), Plan.parse(args[3]));
        } catch (Exception | Error e) {
            // Paho's threads would keep the JVM up after the main thread's end.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void publish(String url, String clientId, Path reportFile, Plan plan) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        IMqttToken connected = client.connect(o);
        connected.waitForCompletion(10_000);
        Integer brokerMaximum = connected.getResponseProperties() == null ? null : connected.getResponseProperties().getReceiveMaximum();
        int inFlight = brokerMaximum == null ? WINDOW : Math.min(WINDOW, brokerMaximum);
        Semaphore window = new Semaphore(inFlight);
        AtomicLong acked = new AtomicLong();
        AtomicLong readingsAcked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<String> topics = new ArrayList<>();
        plan.devices().forEach(d -> topics.add("telemed/v1/devices/" + d + "/readings"));
        for (int first = 0; first < plan.readingsPerDevice(); first += plan.batch()) {
            int n = Math.min(plan.batch(), plan.readingsPerDevice() - first);
            for (int d = 0; d < topics.size(); d++) {
                window.acquire();
                MqttMessage m = new MqttMessage(plan.payload(plan.devices().get(d), first).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                client.publish(topics.get(d), m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acked.incrementAndGet();
                        readingsAcked.addAndGet(n);
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        failed.incrementAndGet();
                        window.release();
                    }
                });
            }
        }
        window.acquire(inFlight);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Instant ended = Instant.now();
        try {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        } catch (MqttException e) {
            // Every message is acknowledged already; the broker may drop the connection its own way.
        }
        ObjectNode report = new ObjectMapper().createObjectNode();
        report.put("readingsSent", plan.readings());
        report.put("readingsAcked", readingsAcked.get());
        report.put("messagesSent", plan.messages());
        report.put("messagesAcked", acked.get());
        report.put("failed", failed.get());
        report.put("elapsedSeconds", seconds);
        report.put("readingsPerSecond", readingsAcked.get() / seconds);
        report.put("startedAt", started.toString());
        report.put("endedAt", ended.toString());
        writeReport(reportFile, report);
        System.out.printf(Locale.ROOT, "%s: %d messages (%d readings) acknowledged in %.1f s, at most %d in flight%n", clientId,
                acked.get(), readingsAcked.get(), seconds, inFlight);
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    private static void writeReport(Path file, ObjectNode report) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, new ObjectMapper().writeValueAsString(report));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
