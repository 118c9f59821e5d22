package dk.telemed.gateway.leadership;

/**
 * The check every act on the world passes right before it happens: acknowledging a message to
 * the broker, publishing an alert, connecting the shared broker sessions, posting a webhook. It
 * holds for one active term only; once the term ends (the lease ran out, the member was paused
 * past it, it was shut down) it never holds again, so a member that wakes from a pause does
 * nothing but step down.
 */
public interface Fence {
    /** True while this member may act. */
    boolean mayAct();

    /**
     * The broker says another connection took this member's session (MQTT reason code 0x8E,
     * session taken over): another member acts now. This one steps down and does not fight for it.
     */
    void sessionTakenOver(String clientId);

    /** A gateway that is the only one: always active while it runs. */
    static Fence sole() {
        return new Fence() {
            @Override
            public boolean mayAct() {
                return true;
            }

            @Override
            public void sessionTakenOver(String clientId) {
                // Alone, a takeover is a misconfiguration or an attack: MqttConnection's TakeoverGuard backs off and logs it.
            }
        };
    }
}
