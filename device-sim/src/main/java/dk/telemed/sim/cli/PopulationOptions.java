package dk.telemed.sim.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The options that define the population; shared by registry and run so both see the same patients. */
record PopulationOptions(int patients, long seed, List<String> careTeams) {

    static final List<String> DEFAULT_CARE_TEAMS = List.of("nord-akut", "syd-hjemmepleje");
    static final long DEFAULT_SEED = 1;
    /** Care teams end up in MQTT topics (telemed/v1/alerts/{careTeam}/…), so no '/', '+' or '#'. */
    private static final Pattern CARE_TEAM = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

    static PopulationOptions from(Args args, Integer defaultPatients) throws UsageException {
        if (defaultPatients == null && !args.has("patients")) {
            throw new UsageException("--patients N is required, e.g. --patients 50");
        }
        int patients = args.intValue("patients", defaultPatients == null ? 0 : defaultPatients, 1, 1_000_000);
        long seed = args.longValue("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        return new PopulationOptions(patients, seed, careTeams(args.string("care-teams", null)));
    }

    private static List<String> careTeams(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_CARE_TEAMS;
        }
        List<String> teams = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String team = raw.trim();
            if (!CARE_TEAM.matcher(team).matches()) {
                throw new UsageException("--care-teams: '" + team
                        + "' is not a care team name (a letter, then letters, digits, '.', '_' or '-', at most 64)");
            }
            teams.add(team);
        }
        if (new HashSet<>(teams).size() != teams.size()) {
            throw new UsageException("--care-teams lists a team twice: " + value);
        }
        return List.copyOf(teams);
    }

    /** The population arguments as they would be typed, for the registry's header. */
    String asArguments() {
        return "--patients " + patients + " --seed " + seed + " --care-teams " + String.join(",", careTeams);
    }
}
