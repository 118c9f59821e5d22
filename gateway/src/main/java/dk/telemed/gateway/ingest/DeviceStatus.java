package dk.telemed.gateway.ingest;

import java.util.Optional;
import java.util.OptionalInt;

/** What a device says about itself on its status topic; every part is optional. */
public record DeviceStatus(Optional<Boolean> online, OptionalInt batteryPercent) {
}
