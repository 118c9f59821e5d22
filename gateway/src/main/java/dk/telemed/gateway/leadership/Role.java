package dk.telemed.gateway.leadership;

/** What a gateway may do: act on the world, or only wait and serve reads. */
public enum Role {
    /** Elected, with a session the engine still keeps: takes readings, raises alerts, delivers webhooks. */
    ACTIVE,
    /** Not elected, or no longer sure to be: acts on nothing until it becomes active again. */
    STANDBY
}
