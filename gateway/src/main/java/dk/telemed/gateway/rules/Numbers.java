package dk.telemed.gateway.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Reading the numbers of the clinical defaults, each problem named by its path. */
final class Numbers {
    private Numbers() {
    }

    static double nonNegative(JsonNode node, String at, double absent, List<String> problems) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0) {
            problems.add(at + ": '" + node.asText() + "' is not a number of 0 or more");
            return absent;
        }
        return node.asDouble();
    }

    static double positive(JsonNode node, String at, List<String> problems) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() <= 0) {
            problems.add(at + ": " + (node == null ? "missing" : "'" + node.asText() + "' is not a number above 0"));
            return Double.NaN;
        }
        return node.asDouble();
    }

    static int count(JsonNode node, String at, int absent, List<String> problems) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > 100) {
            problems.add(at + ": '" + node.asText() + "' is not a whole number from 1 to 100");
            return absent;
        }
        return node.asInt();
    }
}
