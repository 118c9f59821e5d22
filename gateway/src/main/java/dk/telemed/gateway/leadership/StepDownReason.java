package dk.telemed.gateway.leadership;

/** Why an active member stopped being active. */
public enum StepDownReason {
    /**
     * The member could not confirm its session with the engine within its lease (the engine
     * unreachable, the network cut, the process paused): it cannot prove that nobody else leads.
     */
    LEASE_EXPIRED("its session could not be confirmed with the coordination engine within the lease"),
    /** The engine expired this member's session; another member may lead already. */
    SESSION_LOST("the coordination engine expired its session"),
    /** The election node is gone or no longer first: another member leads. */
    LEADERSHIP_REVOKED("its election node was removed or is no longer first"),
    /** This member was shut down and gave up its leadership. */
    CLOSED("it was shut down");

    private final String explanation;

    StepDownReason(String explanation) {
        this.explanation = explanation;
    }

    /** A sentence for the logs: "stopped being active: {explanation}". */
    public String explanation() {
        return explanation;
    }
}
