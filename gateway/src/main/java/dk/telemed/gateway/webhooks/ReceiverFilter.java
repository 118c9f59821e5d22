package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.alerts.MqttAlertPublisher;
import dk.telemed.gateway.config.WebhookConfig;
import dk.telemed.gateway.model.AlertEvent;
import dk.telemed.gateway.model.Severity;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which alert events one receiver gets: its care teams (none listed: all), by subscribing to
 * just their alert topics, and its minimum severity, checked on each event (an event below it
 * is acknowledged without delivery). The care teams are checked on each event too, since a
 * persistent session may still hold the subscriptions of an earlier configuration.
 */
public record ReceiverFilter(Set<String> careTeams, Severity minSeverity) {
    public ReceiverFilter {
        careTeams = Set.copyOf(careTeams);
    }

    public static ReceiverFilter of(WebhookConfig config) {
        return new ReceiverFilter(Set.copyOf(config.careTeams()),
                Severity.valueOf(config.minSeverity().toUpperCase(Locale.ROOT)));
    }

    /** The MQTT subscriptions: one per care team, or all care teams' alert topics. */
    public List<String> subscriptions() {
        if (careTeams.isEmpty()) {
            return List.of(MqttAlertPublisher.topic("+", "+"));
        }
        return careTeams.stream().sorted().map(team -> MqttAlertPublisher.topic(team, "+")).toList();
    }

    /** True for {@code telemed/v1/alerts/{careTeam}/{patient}} of one of this receiver's care teams. */
    public boolean matchesTopic(String topic) {
        String[] levels = topic.split("/", -1);
        String[] pattern = MqttAlertPublisher.topic("+", "+").split("/", -1);
        if (levels.length != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length - 2; i++) {
            if (!levels[i].equals(pattern[i])) {
                return false;
            }
        }
        String team = levels[levels.length - 2];
        return !team.isEmpty() && !levels[levels.length - 1].isEmpty() && (careTeams.isEmpty() || careTeams.contains(team));
    }

    public boolean accepts(AlertEvent event) {
        return (careTeams.isEmpty() || careTeams.contains(event.careTeam()))
                && rank(event.severity()) >= rank(minSeverity);
    }

    /** Blue (a missing measurement) below yellow below red. */
    static int rank(Severity severity) {
        return switch (severity) {
            case BLUE -> 0;
            case YELLOW -> 1;
            case RED -> 2;
        };
    }
}
