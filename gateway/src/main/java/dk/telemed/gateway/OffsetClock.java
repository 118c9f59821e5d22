package dk.telemed.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The system clock moved forward by the ISO-8601 duration written in a file (e.g. {@code PT3S}),
 * read again whenever the file changes. Used only when the JVM is started with
 * {@code -Dtelemed.clock.offsetFile=FILE}, as the integration tests do to let a session's idle
 * time pass without waiting it out in real time; the gateway warns at start when it is. Never
 * set in operation: every timestamp the gateway writes would move with it.
 */
final class OffsetClock extends Clock {
    static final String PROPERTY = "telemed.clock.offsetFile";

    private final Path file;
    private final Clock system;
    private final ZoneId zone;
    private volatile FileTime readAt;
    private volatile Duration offset = Duration.ZERO;

    OffsetClock(Path file, Clock system, ZoneId zone) {
        this.file = file;
        this.system = system;
        this.zone = zone;
    }

    /** The clock {@link #PROPERTY} asks for, if it is set. */
    static Optional<Clock> fromProperty() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).filter(p -> !p.isBlank())
                .map(p -> new OffsetClock(Path.of(p), Clock.systemUTC(), ZoneOffset.UTC));
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset());
    }

    Duration offset() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(readAt)) {
                offset = Duration.parse(Files.readString(file).strip());
                readAt = modified;
            }
        } catch (IOException | DateTimeParseException e) {
            // A file being rewritten, or not there yet: keep the offset last read.
        }
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new OffsetClock(file, system, other);
    }
}
