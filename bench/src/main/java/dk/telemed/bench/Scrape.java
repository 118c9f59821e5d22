package dk.telemed.bench;

import dk.telemed.testsupport.GatewayProcess;
import dk.telemed.testsupport.PrometheusText;

import java.util.List;

/**
 * One read of a gateway's /metrics: the counters and gauges the bench follows.
 *
 * @param handled readings the gateway is done with: stored, rejected, or LO/HI (outside the
 *                device's range: not stored, by the interface). device-sim's population sends a
 *                few LO/HI glucose readings, so waiting for "stored = published" would never end.
 * @param text    the whole exposition, for histograms
 */
public record Scrape(long nanos, double stored, double handled, double received, double duplicates, double heapUsed,
                     double unacknowledged, String text) {

    /** The same figures without the text, for samples kept by the thousand. */
    public Scrape withoutText() {
        return new Scrape(nanos, stored, handled, received, duplicates, heapUsed, unacknowledged, "");
    }

    public static Scrape of(GatewayProcess gateway) {
        long nanos = System.nanoTime();
        String text = gateway.getBody("/metrics");
        List<PrometheusText.Sample> samples = PrometheusText.parse(text);
        double stored = sum(samples, "telemed_readings_stored_total");
        double handled = stored + sum(samples, "telemed_readings_rejected_total") + sum(samples, "telemed_readings_device_limit_total");
        return new Scrape(nanos, stored, handled, sum(samples, "telemed_readings_received_total"),
                sum(samples, "telemed_messages_duplicate_total"), heap(samples), sum(samples, "telemed_messages_unacknowledged"), text);
    }

    private static double sum(List<PrometheusText.Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(PrometheusText.Sample::value).sum();
    }

    private static double heap(List<PrometheusText.Sample> samples) {
        return samples.stream().filter(s -> s.name().equals("jvm_memory_used_bytes") && "heap".equals(s.labels().get("area")))
                .mapToDouble(PrometheusText.Sample::value).sum();
    }
}
