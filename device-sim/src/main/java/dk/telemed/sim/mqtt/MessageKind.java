package dk.telemed.sim.mqtt;

/** What a publish carries; only readings count towards the rate and the summary. */
public enum MessageKind {
    READINGS, STATUS, RESPONSE
}
