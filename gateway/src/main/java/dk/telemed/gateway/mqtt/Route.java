package dk.telemed.gateway.mqtt;

import java.util.function.Consumer;

/**
 * A subscription and who handles its messages. {@code matches} decides which route a message
 * belongs to, since a shared subscription's filter ({@code $share/group/...}) is not the topic.
 */
public record Route(String filter, int qos, java.util.function.Predicate<String> matches, Consumer<InboundMessage> handler) {
}
