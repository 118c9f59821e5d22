package dk.telemed.gateway.mqtt;

/**
 * What the stages after the event loop hold of a connection's messages, read from the MQTT
 * client's thread by its intake (see {@link IntakeGate}).
 */
public interface Held {
    /** Nothing is counted: the handler holds its messages itself (a webhook's bounded queue). */
    Held NONE = new Held() {
        @Override
        public int inProgress() {
            return 0;
        }

        @Override
        public int unacknowledged() {
            return 0;
        }
    };

    /** Messages taken up and not yet done. */
    int inProgress();

    /** Messages taken up and not yet acknowledged, done or not. */
    int unacknowledged();
}
