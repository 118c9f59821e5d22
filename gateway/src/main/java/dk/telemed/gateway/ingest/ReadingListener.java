package dk.telemed.gateway.ingest;

import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Reading;

import java.util.List;

/** Told about each message's readings once they are stored: where the clinical rules attach. */
public interface ReadingListener {
    ReadingListener NONE = (readings, limits) -> { };

    void accepted(List<Reading> stored, List<DeviceLimit> limits);
}
