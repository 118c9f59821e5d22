package dk.telemed.gateway.mqtt;

/** Which publishes go out first when the broker's window is full. */
public enum Priority {
    /** Alerts and rejections: a received message's acknowledgement waits for them. */
    URGENT,
    /** The readings' feedback to a device: nothing waits for it, and it goes out once no urgent publish waits. */
    ROUTINE
}
