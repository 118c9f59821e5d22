package dk.telemed.gateway.config;

public record IngestConfig(int maxPayloadBytes, int maxReadingsPerMessage, long maxFutureSkewSeconds,
                           int dedupCapacity, int maxRejectionsPerMessage) {
    void validate(Problems p) {
        p.between(maxPayloadBytes, 1, 64 * 1024 * 1024, "ingest.maxPayloadBytes");
        p.between(maxReadingsPerMessage, 1, 100_000, "ingest.maxReadingsPerMessage");
        p.atLeast(maxFutureSkewSeconds, 0, "ingest.maxFutureSkewSeconds");
        p.atLeast(dedupCapacity, 0, "ingest.dedupCapacity");
        p.atLeast(maxRejectionsPerMessage, 1, "ingest.maxRejectionsPerMessage");
    }
}
