package dk.telemed.gateway.mqtt;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A subscription and who handles its messages. {@code matches} decides which route a message
 * belongs to, since a shared subscription's filter ({@code $share/group/...}) is not the topic.
 */
public record Route(String filter, int qos, Predicate<String> matches, Handler handler) {

    /** What is done with a message, in two parts. */
    @FunctionalInterface
    public interface Handler {
        /**
         * On the MQTT client's callback thread, one message after the other in arrival order: the
         * work that needs nothing of the event loop (decoding), so it runs beside the event loop;
         * returns the rest, which runs on the event loop in the same order.
         */
        Runnable take(InboundMessage message);
    }

    /** A route whose messages are handled on the event loop alone. */
    public static Route onEventLoop(String filter, int qos, Predicate<String> matches, Consumer<InboundMessage> handler) {
        return new Route(filter, qos, matches, message -> () -> handler.accept(message));
    }
}
