package dk.telemed.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.model.Mappers;

import java.util.List;

/** A YAML file read into a tree, its syntax errors named by file, line and column: one way for every file the gateway reads. */
public final class YamlTree {
    private YamlTree() {
    }

    /** The document's tree; null (or a missing node) for an empty document. */
    public static JsonNode read(String text, String source) throws ConfigException {
        try {
            return Mappers.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(source + " line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not valid YAML: " + e.getOriginalMessage()));
        }
    }
}
